// Reproducible random texts for the tests that compare a fast scan with the plain one it
// replaces: each text joins up to max_pieces - 1 pieces drawn by a fixed linear congruential
// generator, so a failure names the same text on every run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace investtrack::parser::test_support {

inline std::vector<std::string> random_texts(const std::vector<std::string>& pieces,
                                             std::vector<std::string> texts, int count,
                                             int max_pieces, std::uint32_t seed) {
  std::uint32_t state = seed;
  for (int t = 0; t < count; ++t) {
    std::string text;
    const int length = static_cast<int>(state % static_cast<std::uint32_t>(max_pieces));
    for (int k = 0; k < length; ++k) {
      state = state * 1103515245U + 12345U;
      text += pieces[(state >> 8) % pieces.size()];
    }
    state = state * 1103515245U + 12345U;
    texts.push_back(text);
  }
  return texts;
}

}  // namespace investtrack::parser::test_support
