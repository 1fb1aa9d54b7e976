// The figure's polylines (cli/polyline.hpp): dashes measured along the line across its vertices,
// and thinning that keeps the ends and every turn beyond the tolerance.
#include "polyline.hpp"

#include <gtest/gtest.h>

namespace lsm::cli {
namespace {

void expectPoint(Point p, double x, double y) {
  EXPECT_NEAR(p.x, x, 1e-12);
  EXPECT_NEAR(p.y, y, 1e-12);
}

TEST(Dashes, LaidAlongTheLineAcrossItsVertices) {
  // 0 -> 4 along x, then 4 up: on 3, off 2, on 3, ...
  const Polyline line = {{0, 0}, {4, 0}, {4, 4}};
  const auto pieces = dashes(line, {3, 2});
  ASSERT_EQ(pieces.size(), 2u);
  ASSERT_EQ(pieces[0].size(), 2u);
  expectPoint(pieces[0][0], 0, 0);
  expectPoint(pieces[0][1], 3, 0);
  // The second dash starts at length 5 (1 up the second segment) and ends at 8, the line's end.
  ASSERT_EQ(pieces[1].size(), 2u);
  expectPoint(pieces[1][0], 4, 1);
  expectPoint(pieces[1][1], 4, 4);
}

TEST(Dashes, ADashThatTurnsKeepsTheVertex) {
  // On 3, off 1: the gap ends at the line's end, where no dash of no length begins.
  const Polyline line = {{0, 0}, {2, 0}, {2, 2}};
  const auto pieces = dashes(line, {3, 1});
  ASSERT_EQ(pieces.size(), 1u);
  ASSERT_EQ(pieces[0].size(), 3u);
  expectPoint(pieces[0][1], 2, 0);
  expectPoint(pieces[0][2], 2, 1);
}

TEST(Dashes, NoPatternIsTheWholeLine) {
  const Polyline line = {{0, 0}, {1, 1}, {2, 0}};
  const auto pieces = dashes(line, {});
  ASSERT_EQ(pieces.size(), 1u);
  EXPECT_EQ(pieces[0].size(), 3u);
}

TEST(Simplified, KeepsEndsAndTurnsBeyondTheTolerance) {
  // A tent with straight sides: the points along the sides go, its top (1 from the base line)
  // stays at tolerance 0.25 and goes at 2.
  const Polyline line = {{0, 0}, {1, 0.5}, {2, 1}, {3, 0.5}, {4, 0}};
  const Polyline kept = simplified(line, 0.25);
  ASSERT_EQ(kept.size(), 3u);
  expectPoint(kept[0], 0, 0);
  expectPoint(kept[1], 2, 1);
  expectPoint(kept[2], 4, 0);
  EXPECT_EQ(simplified(line, 2).size(), 2u);
}

TEST(Simplified, APointPastTheChordsEndIsFarFromIt) {
  // A spike backwards along the chord: its distance to the line through the ends is 0, to the
  // chord 3.
  const Polyline line = {{0, 0}, {-3, 0}, {5, 0}};
  EXPECT_EQ(simplified(line, 0.5).size(), 3u);
}

}  // namespace
}  // namespace lsm::cli
