#include "sema/places.hpp"

#include <fmt/format.h>

namespace lsm::sema {

std::string describePlace(Place place, const std::string& owner) {
  switch (place) {
    case Place::equations:
      return "the equations of " + owner;
    case Place::constantOverDt:
      return "a subexpression (constant over dt) of " + owner;
    case Place::threshold:
      return "the threshold of " + owner;
    case Place::refractory:
      return "the refractory period of " + owner;
    case Place::reset:
      return "the reset of " + owner;
    case Place::onPre:
      return "on_pre of " + owner;
    case Place::onPost:
      return "on_post of " + owner;
    case Place::connect:
      return "the connection rule of " + owner;
    case Place::delay:
      return "the delay of " + owner;
    case Place::initialisation:
      return "the initialisation of " + owner;
    case Place::betweenRuns:
      return "the experiment's assignment to " + owner;
    case Place::regular:
      return "run_regularly of " + owner;
    case Place::eventCondition:
      return "the condition of " + owner;
    case Place::eventCode:
      return "run_on_event of " + owner;
  }
  return owner;
}

bool allowsTime(Place place) {
  switch (place) {
    case Place::equations:
    case Place::constantOverDt:
    case Place::threshold:
    case Place::refractory:
    case Place::reset:
    case Place::onPre:
    case Place::onPost:
    case Place::betweenRuns:
    case Place::regular:
    case Place::eventCondition:
    case Place::eventCode:
      return true;
    case Place::connect:
    case Place::delay:
    case Place::initialisation:
      return false;
  }
  return false;
}

bool allowsRandom(Place place, bool perStep) {
  switch (place) {
    case Place::constantOverDt:
    case Place::threshold:
    case Place::reset:
    case Place::onPre:
    case Place::onPost:
    case Place::regular:
    case Place::eventCondition:
    case Place::eventCode:
      return perStep;
    case Place::equations:  // white noise is xi; a draw per step, a (constant over dt) one
    case Place::refractory:
      return false;
    case Place::connect:
    case Place::delay:
    case Place::initialisation:
    case Place::betweenRuns:
      return true;
  }
  return false;
}

bool allowsInitialisationStatements(Place place) {
  return place == Place::initialisation || place == Place::betweenRuns;
}

}  // namespace lsm::sema
