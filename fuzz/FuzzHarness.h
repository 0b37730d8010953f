#pragma once
// One fuzz input through one importer entry: the bytes are written to a temp file, previewed and imported into a
// small seeded project. Header-only so that the libFuzzer targets (fuzz/fuzz_import.cpp) and the corpus replay test
// (tests/core/tst_reliability_fuzz_corpus.cpp, normal compiler) run exactly the same code.
//
// What counts as a bug (the harness aborts, libFuzzer reports a crash):
//  - any exception other than ImportError / StoreError escaping an import or a preview;
//  - an error message longer than 2000 bytes or spanning lines;
//  - a failed import that changed the project (dataset count or label/query/model counts differ from the seed);
//  - a successful import that did not add exactly one dataset holding result.rows rows;
//  - sanitizer findings (in the fuzz build).
#include "import/Importer.h"
#include "store/ProjectStore.h"
#include "store/SqliteDb.h"

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QTemporaryDir>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

namespace crw::fuzz {

/// The importer entries a target drives: which kinds and formats one input is tried as.
enum class Target { Csv, Jsonl, GoldWideJson, Alpaca, PricesJson, RouterArena, Records };

struct Entry {
    DataKind kind;
    const char* format;
};

/// Target name as used in folder names (fuzz/corpus/NAME, fuzz/regressions/NAME) and binaries (fuzz_NAME).
inline const char* targetName(Target t)
{
    switch (t) {
    case Target::Csv:
        return "csv";
    case Target::Jsonl:
        return "jsonl";
    case Target::GoldWideJson:
        return "gold_wide_json";
    case Target::Alpaca:
        return "alpaca";
    case Target::PricesJson:
        return "prices_json";
    case Target::RouterArena:
        return "routerarena";
    case Target::Records:
        return "records";
    }
    return "?";
}

inline std::vector<Target> allTargets()
{
    return { Target::Csv, Target::Jsonl, Target::GoldWideJson, Target::Alpaca, Target::PricesJson,
        Target::RouterArena, Target::Records };
}

/// Every (kind, format) one input of a target is imported as. "auto" exercises detection too.
inline std::vector<Entry> entries(Target t)
{
    switch (t) {
    case Target::Csv:
        return { { DataKind::Queries, "auto" }, { DataKind::Gold, "auto" }, { DataKind::Gold, "gold-wide-csv" },
            { DataKind::Preference, "auto" }, { DataKind::Prices, "auto" } };
    case Target::Jsonl:
        return { { DataKind::Queries, "queries-jsonl" }, { DataKind::Gold, "gold-long-jsonl" },
            { DataKind::Preference, "preference-jsonl" } };
    case Target::GoldWideJson:
        return { { DataKind::Gold, "gold-wide-json" } };
    case Target::Alpaca:
        return { { DataKind::Preference, "alpacaeval-annotations" } };
    case Target::PricesJson:
        return { { DataKind::Prices, "prices-llmrouter-json" }, { DataKind::Prices, "prices-routerarena-json" },
            { DataKind::Prices, "auto" } };
    case Target::RouterArena:
        return { { DataKind::Gold, "gold-routerarena-jsonl" } };
    case Target::Records: // Arena, MT-Bench, UltraFeedback, SPROUT, HelpSteer2/3, LLMRouterBench (the CSV layouts
                          // - Arena, SPROUT, EmbedLLM, HelpSteer2 - are reached by Csv's detection, and forced here)
        return { { DataKind::Preference, "auto" }, { DataKind::Gold, "auto" }, { DataKind::Preference, "arena-jsonl" },
            { DataKind::Preference, "mtbench-pairwise-jsonl" }, { DataKind::Gold, "mtbench-single-jsonl" },
            { DataKind::Gold, "ultrafeedback-jsonl" }, { DataKind::Gold, "sprout-jsonl" },
            { DataKind::Gold, "helpsteer2-jsonl" }, { DataKind::Preference, "helpsteer3-jsonl" },
            { DataKind::Gold, "llmrouterbench-json" }, { DataKind::Gold, "embedllm-csv" } };
    }
    return {};
}

/// Counts that a failed import must leave unchanged.
struct Census {
    std::array<int64_t, 7> n {};
    bool operator==(const Census&) const = default;
};

inline Census census(SqliteDb& db)
{
    auto st = db.prepare("SELECT (SELECT count(*) FROM datasets), (SELECT count(*) FROM queries),"
                         " (SELECT count(*) FROM models), (SELECT count(*) FROM gold_labels),"
                         " (SELECT count(*) FROM preference_labels), (SELECT count(*) FROM features),"
                         " (SELECT total(coalesce(input_usd_per_mtok,0)+coalesce(output_usd_per_mtok,0)"
                         "+coalesce(usd_per_query,0))*1000 FROM models)");
    Census c;
    if (st.step())
        for (int i = 0; i < 7; ++i)
            c.n[size_t(i)] = st.columnInt(i);
    return c;
}

[[noreturn]] inline void bug(const char* what, const QString& detail)
{
    std::fprintf(stderr, "FUZZ INVARIANT BROKEN: %s: %s\n", what, detail.toUtf8().constData());
    std::fflush(stderr);
    std::abort();
}

class Harness {
public:
    /// seedDir: the folder with the good import fixtures (tests/data/import) used to seed the project.
    explicit Harness(const QString& seedDir)
    {
        if (!m_dir.isValid())
            bug("temp dir", m_dir.errorString());
        m_pristine = m_dir.filePath(QStringLiteral("pristine.crw"));
        m_project = m_dir.filePath(QStringLiteral("project.crw"));
        ProjectStore::create(m_pristine);
        const std::pair<DataKind, const char*> seeds[]
            = { { DataKind::Queries, "queries_emb.csv" }, { DataKind::Gold, "gold_long.csv" },
                  { DataKind::Preference, "pref_gain.csv" }, { DataKind::Prices, "prices.csv" } };
        for (const auto& [kind, file] : seeds) {
            ImportOptions o;
            o.kind = kind;
            Progress p;
            importFile(m_pristine, seedDir + QLatin1Char('/') + QLatin1String(file), o, p);
        }
        {
            SqliteDb db(m_pristine);
            db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        {
            SqliteDb db(m_pristine);
            m_seedCensus = census(db);
        }
        restore();
    }

    /// Runs one input through every entry of target. Returns the number of successful imports.
    int run(Target target, const uint8_t* data, size_t size)
    {
        const char* ext = target == Target::Csv                          ? "csv"
            : (target == Target::Jsonl || target == Target::RouterArena || target == Target::Records) ? "jsonl"
                                                                         : "json";
        const QString input = m_dir.filePath(QStringLiteral("input.") + QLatin1String(ext));
        {
            QFile f(input);
            if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
                bug("write input", f.errorString());
            f.write(reinterpret_cast<const char*>(data), qint64(size));
        }
        // Skip-and-report on odd-sized inputs: both row-error paths get exercised by the mutator.
        const bool skip = (size % 2) == 1;
        int ok = 0;
        for (const Entry& e : entries(target)) {
            try {
                previewImport(input, e.kind, QLatin1String(e.format), 20);
            } catch (const ImportError& err) {
                checkMessage(err.what());
            }
            ImportOptions o;
            o.kind = e.kind;
            o.format = QLatin1String(e.format);
            o.skipBadRows = skip;
            Progress p;
            bool imported = false;
            ImportResult r;
            try {
                r = importFile(m_project, input, o, p);
                imported = true;
            } catch (const ImportError& err) {
                checkMessage(err.what());
            } catch (const StoreError& err) {
                checkMessage(err.what());
            }
            if (!imported) {
                if (!(census(*m_db) == m_seedCensus))
                    bug("failed import changed the project", input);
                continue;
            }
            ++ok;
            checkSuccess(r);
            restore();
        }
        return ok;
    }

private:
    // One short line: a message must never echo a whole (possibly huge) input line.
    static void checkMessage(const char* what)
    {
        if (!what || !*what)
            bug("empty error message", QString());
        const QByteArray m(what);
        if (m.size() > 2000 || m.contains('\n'))
            bug("error message longer than 2000 bytes or with a newline", QString::fromUtf8(m.left(300)));
    }

    void checkSuccess(const ImportResult& r)
    {
        const Census now = census(*m_db);
        if (now.n[0] != m_seedCensus.n[0] + 1)
            bug("successful import did not add exactly one dataset", r.datasetName);
        auto st = m_db->prepare("SELECT rows FROM datasets WHERE id=?");
        st.bind(1, int64_t(r.datasetId));
        if (!st.step() || st.columnInt(0) != r.rows || r.rows <= 0)
            bug("dataset rows differ from the result", r.datasetName);
    }

    // Puts the seeded project back (cheaper than rolling back a committed import).
    void restore()
    {
        m_db.reset();
        for (const char* suffix : { "", "-wal", "-shm" })
            QFile::remove(m_project + QLatin1String(suffix));
        if (!QFile::copy(m_pristine, m_project))
            bug("restore project", m_project);
        QFile(m_project).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        // Kept open between inputs: the importers' connections then never are the last one, so closing them does
        // not checkpoint and delete the WAL each time (which made every input cost an fsync).
        m_db = std::make_unique<SqliteDb>(m_project);
    }

    QTemporaryDir m_dir;
    QString m_pristine, m_project;
    Census m_seedCensus;
    std::unique_ptr<SqliteDb> m_db;
};

} // namespace crw::fuzz
