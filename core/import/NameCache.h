#pragma once
// A direct-mapped cache in front of the model-name map of one import: 1024 slots indexed by an FNV-1a hash of the
// name, each remembering one name and its row id. Preference files repeat a few dozen model names on every row;
// a hit costs one short hash and one compare instead of a hash-map lookup (std::hash, a modulo, a bucket walk).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace crw {

class NameCache {
public:
    /// The id remembered for name, or 0 when it is not in the cache.
    int64_t find(std::string_view name) const
    {
        const Slot& s = m_slots[slotOf(name)];
        return s.id != 0 && s.name == name ? s.id : 0;
    }
    /// Remembers name -> id (id > 0), replacing whatever shared its slot.
    void put(std::string_view name, int64_t id)
    {
        Slot& s = m_slots[slotOf(name)];
        s.name.assign(name.data(), name.size());
        s.id = id;
    }

private:
    static size_t slotOf(std::string_view name)
    {
        uint64_t h = 0xcbf29ce484222325ull;
        for (unsigned char c : name)
            h = (h ^ c) * 0x100000001b3ull;
        return size_t(h ^ (h >> 29)) & (kSlots - 1);
    }
    static constexpr size_t kSlots = 1024;
    struct Slot {
        std::string name;
        int64_t id = 0;
    };
    std::array<Slot, kSlots> m_slots {};
};

} // namespace crw
