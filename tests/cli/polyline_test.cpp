// The figure's polylines (cli/polyline.hpp): dashes measured along the line across its vertices,
// and thinning that keeps the ends and every turn beyond the tolerance.
#include "polyline.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

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

// Per pixel column the first, lowest, highest and last point, in the line's order; a column of
// one or two points keeps them.
TEST(ColumnExtremes, KeepsFirstLowestHighestLastOfEachColumn) {
  const Polyline line = {{0.1, 5}, {0.3, 9}, {0.5, 1}, {0.7, 4}, {0.9, 3},  // column 0
                         {1.2, 2},                                          // column 1
                         {2.0, 7}, {2.5, 8}};                               // column 2
  const Polyline kept = columnExtremes(line);
  ASSERT_EQ(kept.size(), 7u);
  expectPoint(kept[0], 0.1, 5);  // first
  expectPoint(kept[1], 0.3, 9);  // highest, before the lowest
  expectPoint(kept[2], 0.5, 1);  // lowest
  expectPoint(kept[3], 0.9, 3);  // last
  expectPoint(kept[4], 1.2, 2);
  expectPoint(kept[5], 2.0, 7);
  expectPoint(kept[6], 2.5, 8);
}

// A long noisy trace becomes at most four points a column, and its range in each column stays.
TEST(ColumnExtremes, ALongTraceCostsItsWidth) {
  Polyline line;
  for (int k = 0; k < 100000; ++k)
    line.push_back({k * 900.0 / 100000, std::sin(k * 0.37) * 50 + (k % 7)});
  const Polyline kept = columnExtremes(line);
  EXPECT_LE(kept.size(), 4u * 900);
  for (int column = 0; column < 900; ++column) {
    double low = 1e300, high = -1e300, keptLow = 1e300, keptHigh = -1e300;
    for (const Point& p : line)
      if (std::floor(p.x) == column) low = std::min(low, p.y), high = std::max(high, p.y);
    for (const Point& p : kept)
      if (std::floor(p.x) == column)
        keptLow = std::min(keptLow, p.y), keptHigh = std::max(keptHigh, p.y);
    EXPECT_EQ(keptLow, low) << column;
    EXPECT_EQ(keptHigh, high) << column;
  }
}

}  // namespace
}  // namespace lsm::cli
