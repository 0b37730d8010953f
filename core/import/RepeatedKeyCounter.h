#pragma once
// Counts repeated label keys (query, model a, model b, judge) of one import without a hash table: each key is
// appended as one 64-bit word (sequential writes, 8 bytes a label) and count() sorts them once (LSD radix sort) and
// counts equal neighbours. Used where repeats are allowed and only counted (DuplicatePolicy::Keep), so the per-row
// cost is a push_back instead of a random access into a table of 24-byte slots.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace crw {

class RepeatedKeyCounter {
public:
    /// Makes room for n keys.
    void reserve(size_t n) { m_keys.reserve(n); }
    /// Adds one key. Ids that fit (query < 2^32, models < 2^12, judge < 2^8) are packed exactly; others are mixed
    /// into a 64-bit hash (two different keys then collide with probability about n^2 / 2^65).
    void add(uint32_t q, uint32_t a, uint32_t b, uint32_t j)
    {
        uint64_t k;
        if (a < 4096 && b < 4096 && j < 256) {
            k = uint64_t(q) << 32 | uint64_t(a) << 20 | uint64_t(b) << 8 | j;
        } else {
            uint64_t h = (uint64_t(q) << 32 | a) * 0x9E3779B97F4A7C15ull;
            h ^= (uint64_t(b) << 32 | j) * 0xC2B2AE3D27D4EB4Full;
            k = h ^ (h >> 31);
        }
        m_keys.push_back(k);
    }
    size_t size() const { return m_keys.size(); }
    /// The number of keys that equal an earlier key (n - distinct). Sorts the stored keys.
    size_t count()
    {
        sortKeys();
        size_t repeats = 0;
        for (size_t i = 1; i < m_keys.size(); ++i)
            repeats += m_keys[i] == m_keys[i - 1];
        return repeats;
    }

private:
    void sortKeys()
    {
        const size_t n = m_keys.size();
        if (n < 2)
            return;
        std::vector<uint64_t> tmp(n);
        uint64_t* from = m_keys.data();
        uint64_t* to = tmp.data();
        for (int shift = 0; shift < 64; shift += 8) {
            size_t counts[256] = {};
            for (size_t i = 0; i < n; ++i)
                ++counts[(from[i] >> shift) & 0xFF];
            if (counts[(from[0] >> shift) & 0xFF] == n)
                continue; // every key has the same byte here
            size_t pos = 0;
            for (size_t& c : counts) {
                const size_t here = c;
                c = pos;
                pos += here;
            }
            for (size_t i = 0; i < n; ++i)
                to[counts[(from[i] >> shift) & 0xFF]++] = from[i];
            std::swap(from, to);
        }
        if (from != m_keys.data())
            m_keys.swap(tmp);
    }
    std::vector<uint64_t> m_keys;
};

} // namespace crw
