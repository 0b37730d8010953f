#include "features/TextHashing.h"

#include <QChar>

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

size_t hashTerms(const QString& text, const TextHashingOptions& o, std::vector<uint32_t>& out)
{
    const auto words = tokenizeWords(text);
    std::u32string padded;
    for (size_t i = 0; i < words.size(); ++i) {
        const std::u32string& w = words[i];
        if (o.wordUnigrams)
            out.push_back(bucketOf(fnv1a64('w', w.data(), w.data() + w.size()), o.hashBits));
        if (o.wordBigrams && i + 1 < words.size()) {
            const std::u32string& v = words[i + 1];
            const char32_t sep = 0; // never inside a word
            uint64_t h = fnv1a64('b', w.data(), w.data() + w.size());
            h = fnv1a64('_', &sep, &sep + 1, h);
            h = fnv1a64('_', v.data(), v.data() + v.size(), h);
            out.push_back(bucketOf(h, o.hashBits));
        }
        if (o.charMin > 0 && o.charMax >= o.charMin) {
            padded.clear();
            padded.push_back(U' ');
            padded += w;
            padded.push_back(U' ');
            const size_t len = padded.size();
            for (int n = o.charMin; n <= o.charMax; ++n) {
                if (size_t(n) > len)
                    break;
                for (size_t s = 0; s + size_t(n) <= len; ++s)
                    out.push_back(bucketOf(fnv1a64('c', padded.data() + s, padded.data() + s + n), o.hashBits));
            }
        }
    }
    return words.size();
}

} // namespace crw
