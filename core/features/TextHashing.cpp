#include "features/TextHashing.h"

#include <QChar>
#include <algorithm>

namespace crw {

namespace {
constexpr uint64_t kFnvPrime = 0x100000001b3ULL;

uint64_t mixByte(uint64_t h, unsigned char b)
{
    return (h ^ b) * kFnvPrime;
}

uint32_t bucketOf(uint64_t h, int bits)
{
    h ^= h >> 32; // fold the high bits in: FNV's low bits alone are weak
    return uint32_t(h & ((uint64_t(1) << bits) - 1));
}
} // namespace

std::vector<std::u32string> tokenizeWords(const QString& text)
{
    std::vector<std::u32string> words;
    std::u32string current;
    const QString lower = text.toLower();
    const qsizetype len = lower.size();
    for (qsizetype i = 0; i < len; ++i) {
        char32_t cp = lower[i].unicode();
        if (lower[i].isHighSurrogate() && i + 1 < len && lower[i + 1].isLowSurrogate()) {
            cp = QChar::surrogateToUcs4(lower[i], lower[i + 1]);
            ++i;
        }
        if (QChar::isLetterOrNumber(cp)) {
            current.push_back(cp);
        } else if (!current.empty()) {
            words.push_back(std::move(current));
            current.clear();
        }
    }
    if (!current.empty())
        words.push_back(std::move(current));
    return words;
}

uint64_t fnv1a64(char tag, const char32_t* begin, const char32_t* end, uint64_t start)
{
    uint64_t h = mixByte(start, static_cast<unsigned char>(tag));
    for (const char32_t* p = begin; p != end; ++p) {
        const uint32_t c = uint32_t(*p);
        h = mixByte(h, c & 0xff);
        h = mixByte(h, (c >> 8) & 0xff);
        h = mixByte(h, (c >> 16) & 0xff);
        h = mixByte(h, (c >> 24) & 0xff);
    }
    return h;
}

namespace {
/// FNV-1a 64 continued by one code point (4 little-endian bytes): fnv1a64 over [b, e + 1) from fnv1a64 over [b, e).
inline uint64_t extendHash(uint64_t h, uint32_t c)
{
    h = mixByte(h, c & 0xff);
    h = mixByte(h, (c >> 8) & 0xff);
    h = mixByte(h, (c >> 16) & 0xff);
    return mixByte(h, (c >> 24) & 0xff);
}
} // namespace

size_t hashTerms(const QString& text, const TextHashingOptions& o, std::vector<uint32_t>& out)
{
    // The words of tokenizeWords, each padded with one space each side, back to back in one reused buffer (no
    // allocation per word or per call); word i is padded[begin[i] + 1, begin[i] + 1 + length[i]).
    thread_local std::u32string padded;
    thread_local std::vector<std::pair<uint32_t, uint32_t>> words; // (begin of the padded word, length)
    padded.clear();
    words.clear();
    const QString lower = text.toLower();
    const qsizetype len = lower.size();
    const QChar* chars = lower.constData();
    bool inWord = false;
    for (qsizetype i = 0; i < len; ++i) {
        char32_t cp = chars[i].unicode();
        if (chars[i].isHighSurrogate() && i + 1 < len && chars[i + 1].isLowSurrogate()) {
            cp = QChar::surrogateToUcs4(chars[i], chars[i + 1]);
            ++i;
        }
        if (QChar::isLetterOrNumber(cp)) {
            if (!inWord) {
                words.push_back({ uint32_t(padded.size()), 0 });
                padded.push_back(U' ');
                inWord = true;
            }
            padded.push_back(cp);
            ++words.back().second;
        } else if (inWord) {
            padded.push_back(U' ');
            inWord = false;
        }
    }
    if (inWord)
        padded.push_back(U' ');

    const bool chars3 = o.charMin > 0 && o.charMax >= o.charMin;
    for (size_t i = 0; i < words.size(); ++i) {
        const char32_t* w = padded.data() + words[i].first + 1;
        const size_t wl = words[i].second;
        if (o.wordUnigrams)
            out.push_back(bucketOf(fnv1a64('w', w, w + wl), o.hashBits));
        if (o.wordBigrams && i + 1 < words.size()) {
            const char32_t* v = padded.data() + words[i + 1].first + 1;
            const char32_t sep = 0; // never inside a word
            uint64_t h = fnv1a64('b', w, w + wl);
            h = fnv1a64('_', &sep, &sep + 1, h);
            h = fnv1a64('_', v, v + words[i + 1].second, h);
            out.push_back(bucketOf(h, o.hashBits));
        }
        if (chars3) {
            // Same terms in the same order as "for n in [charMin, charMax], for each start s": the n-gram at s
            // is the (n-1)-gram at s extended by one code point, so each start hashes its longest n-gram once.
            const char32_t* pw = w - 1;
            const size_t pl = wl + 2;
            if (size_t(o.charMin) > pl)
                continue;
            const size_t nMax = std::min(size_t(o.charMax), pl);
            const size_t base = out.size();
            size_t offsets[64];
            size_t total = 0;
            const size_t nCount = nMax - size_t(o.charMin) + 1;
            if (nCount > 64) { // absurd option values: the plain loop
                for (size_t n = size_t(o.charMin); n <= nMax; ++n)
                    for (size_t s = 0; s + n <= pl; ++s)
                        out.push_back(bucketOf(fnv1a64('c', pw + s, pw + s + n), o.hashBits));
                continue;
            }
            for (size_t k = 0; k < nCount; ++k) {
                offsets[k] = base + total;
                total += pl - (size_t(o.charMin) + k) + 1;
            }
            out.resize(base + total);
            uint32_t* dst = out.data();
            for (size_t s = 0; s + size_t(o.charMin) <= pl; ++s) {
                uint64_t h = fnv1a64('c', pw + s, pw + s + o.charMin);
                dst[offsets[0] + s] = bucketOf(h, o.hashBits);
                for (size_t k = 1; k < nCount && s + size_t(o.charMin) + k <= pl; ++k) {
                    h = extendHash(h, uint32_t(pw[s + size_t(o.charMin) + k - 1]));
                    dst[offsets[k] + s] = bucketOf(h, o.hashBits);
                }
            }
        }
    }
    return words.size();
}

} // namespace crw
