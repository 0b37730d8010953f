#pragma once
// Flat open-addressing hash table of the labels stored by one import: key (query, model a, model b, judge) ->
// outcome. Used to reject conflicting duplicates without per-row allocations (24 bytes a slot, load <= 0.6).
// Ids are SQLite rowids (>= 1, below 2^32); a slot with query 0 is empty.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace crw {

class LabelSet {
public:
    struct Key {
        uint32_t q, a, b, j;
    };
    /// Makes room for n keys without rehashing.
    void reserve(size_t n)
    {
        size_t cap = 1024;
        while (cap * 3 < n * 5)
            cap *= 2;
        if (cap > m_slots.size())
            rehash(cap);
    }
    /// Finds key; if absent inserts it with value and returns nullptr, else returns the stored value.
    const double* findOrInsert(const Key& k, double value)
    {
        if ((m_size + 1) * 5 > m_slots.size() * 3)
            rehash(m_slots.empty() ? 1024 : m_slots.size() * 2);
        for (size_t i = hash(k) & m_mask;; i = (i + 1) & m_mask) {
            Slot& s = m_slots[i];
            if (s.q == 0) {
                s = Slot { k.q, k.a, k.b, k.j, value };
                ++m_size;
                return nullptr;
            }
            if (s.q == k.q && s.a == k.a && s.b == k.b && s.j == k.j)
                return &s.value;
        }
    }
    /// The stored value for key, or nullptr.
    const double* find(const Key& k) const
    {
        if (m_slots.empty())
            return nullptr;
        for (size_t i = hash(k) & m_mask;; i = (i + 1) & m_mask) {
            const Slot& s = m_slots[i];
            if (s.q == 0)
                return nullptr;
            if (s.q == k.q && s.a == k.a && s.b == k.b && s.j == k.j)
                return &s.value;
        }
    }
    size_t size() const { return m_size; }

private:
    struct Slot {
        uint32_t q, a, b, j;
        double value;
    };
    static size_t hash(const Key& k)
    {
        uint64_t h = (uint64_t(k.q) << 32 | k.a) * 0x9E3779B97F4A7C15ull;
        h ^= (uint64_t(k.b) << 32 | k.j) * 0xC2B2AE3D27D4EB4Full;
        h = (h ^ (h >> 31)) * 0x94D049BB133111EBull;
        return size_t(h ^ (h >> 29));
    }
    void rehash(size_t cap)
    {
        std::vector<Slot> old;
        old.swap(m_slots);
        m_slots.assign(cap, Slot {});
        m_mask = cap - 1;
        m_size = 0;
        for (const Slot& s : old)
            if (s.q != 0)
                findOrInsert(Key { s.q, s.a, s.b, s.j }, s.value);
    }
    std::vector<Slot> m_slots;
    size_t m_mask = 0, m_size = 0;
};

} // namespace crw
