// Check: what a statement list holds. Every statement assigns a variable (`v == v_reset` in a
// reset is a mistake for `v = v_reset`); `let` and conditional assignments
// `x[condition] = value` belong in initialisations, where a network is built or a trial
// begins. Runs on the AST after template expansion, before name binding.
#include <fmt/format.h>

#include "sema/checks.hpp"
#include "sema/places.hpp"

namespace lsm::sema {

namespace {

// The place of a body's statement list, by its key; nullopt for settings that are not one.
std::optional<Place> statementList(const std::string& key) {
  if (key == "reset") return Place::reset;
  if (key == "on_pre") return Place::onPre;
  if (key == "on_post") return Place::onPost;
  if (key == "init" || key == "trial_init") return Place::initialisation;
  if (key == "run_regularly") return Place::regular;
  if (key == "run_on_event") return Place::eventCode;
  return std::nullopt;
}

void checkStatements(const std::vector<ast::Statement>& statements, Place place,
                     const std::string& where, DiagnosticEngine& diagnostics) {
  for (const ast::Statement& s : statements) {
    switch (s.kind) {
      case ast::Statement::Kind::expression:
        diagnostics.error(s.location,
                          fmt::format("a statement in {} must assign a variable", where));
        continue;
      case ast::Statement::Kind::let:
        if (place != Place::initialisation) {
          diagnostics.error(s.location, fmt::format("'let' can only be used in init and "
                                                    "trial_init, not in {}",
                                                    where));
        }
        break;
      case ast::Statement::Kind::assign:
        break;
      case ast::Statement::Kind::array:
      case ast::Statement::Kind::generator:
        diagnostics.error(s.location,
                          fmt::format("index lists '[...]' and generators 'k for k in ...' "
                                      "belong in a connection rule, not in {}",
                                      where));
        continue;
    }
    if (s.condition && !allowsInitialisationStatements(place)) {
      diagnostics.error(s.condition->location,
                        fmt::format("a conditional assignment 'x[condition] = value' can only be "
                                    "used in init and trial_init, not in {}",
                                    where));
    }
  }
}

void checkBody(const ast::Body& body, const std::string& owner, DiagnosticEngine& diagnostics) {
  for (const ast::BodyItem& item : body.items) {
    if (item.kind != ast::BodyItem::Kind::block && item.kind != ast::BodyItem::Kind::setting) {
      continue;
    }
    if (auto place = statementList(item.key)) {
      checkStatements(item.statements, *place, describePlace(*place, owner), diagnostics);
    }
  }
}

}  // namespace

void checkStatementForms(const ast::Module& module, DiagnosticEngine& diagnostics) {
  for (const auto& g : module.groups)
    checkBody(g.body, fmt::format("group '{}'", g.name), diagnostics);
  for (const auto& s : module.subgroups) {
    checkBody(s.body, fmt::format("subgroup '{}'", s.name), diagnostics);
  }
  for (const auto& s : module.synapses) {
    checkBody(s.body, fmt::format("synapses '{}'", s.name), diagnostics);
  }
}

}  // namespace lsm::sema
