#pragma once
// Offline text tokenisation and stable feature hashing (FNV-1a 64) for hashed TF-IDF.
#include <QString>
#include <cstdint>
#include <string>
#include <vector>

namespace crw {

/// Which terms are hashed, and into how many buckets (2^hashBits).
struct TextHashingOptions {
    int hashBits = 18;
    bool wordUnigrams = true;
    bool wordBigrams = true;
    int charMin = 3; // character n-grams inside word boundaries (word padded with one space each side);
    int charMax = 5; // charMax < charMin disables them
};

/// Lower-cased words: maximal runs of Unicode letters/digits, as code points.
std::vector<std::u32string> tokenizeWords(const QString& text);
/// FNV-1a 64-bit hash of a tag byte followed by each code point as 4 little-endian bytes. Platform independent.
uint64_t fnv1a64(char tag, const char32_t* begin, const char32_t* end, uint64_t start = 0xcbf29ce484222325ULL);
/// Appends the bucket of every hashed term of text (with repetitions) to out; out is not cleared.
/// Returns the number of words (as tokenizeWords counts them).
size_t hashTerms(const QString& text, const TextHashingOptions& options, std::vector<uint32_t>& out);

} // namespace crw
