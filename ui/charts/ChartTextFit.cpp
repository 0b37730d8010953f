#include "charts/ChartTextFit.h"

#include "charts/ChartBuilders.h"

#include <QCategoryAxis>
#include <QChart>
#include <QFontMetricsF>
#include <QLegend>
#include <QTextDocumentFragment>
#include <algorithm>
#include <cmath>

namespace crw {

namespace {

constexpr const char* kFullText = "crwFullText"; // the unwrapped title (plain text)
constexpr const char* kWrapped = "crwWrappedText"; // what fitChartTexts last set
constexpr const char* kLegendRight = "crwLegendRight"; // the legend was asked for at the right
constexpr double kNarrowChart = 640;

/// The unwrapped text of a title that may have been wrapped by us: a title set since (by a view) replaces it.
QString fullText(QObject* owner, const QString& current)
{
    if (current != owner->property(kWrapped).toString())
        owner->setProperty(kFullText, current);
    return owner->property(kFullText).toString();
}

bool setWrapped(QObject* owner, const QString& current, const QString& wrapped, void (*apply)(QObject*, const QString&))
{
    owner->setProperty(kWrapped, wrapped);
    if (current == wrapped)
        return false;
    apply(owner, wrapped);
    return true;
}

/// The most labels that fit side by side (horizontal axis) or above each other (vertical axis).
int ticksThatFit(QCategoryAxis* axis, double room)
{
    const QFontMetricsF fm(axis->labelsFont());
    for (int n = 6; n > 1; --n) {
        const auto ticks = niceTicks(axis->min(), axis->max(), n);
        double widest = 0;
        for (const auto& t : ticks)
            widest = std::max(widest, fm.horizontalAdvance(t.first));
        const double each = axis->orientation() == Qt::Horizontal ? widest + 1.5 * fm.averageCharWidth() + 6
                                                                  : 1.6 * fm.height();
        if (double(ticks.size()) * each <= room)
            return n;
    }
    return 1;
}

} // namespace

QString wrapToWidth(const QString& text, const QFont& font, double maxWidth)
{
    const QFontMetricsF fm(font);
    if (fm.horizontalAdvance(text) <= maxWidth || !text.contains(QLatin1Char(' ')))
        return text.toHtmlEscaped();
    QStringList lines;
    QString line;
    for (const QString& word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QString candidate = line.isEmpty() ? word : line + QLatin1Char(' ') + word;
        if (!line.isEmpty() && fm.horizontalAdvance(candidate) > maxWidth) {
            lines << line.toHtmlEscaped();
            line = word;
        } else {
            line = candidate;
        }
    }
    if (!line.isEmpty())
        lines << line.toHtmlEscaped();
    return lines.join(QStringLiteral("<br>"));
}

QString plainTitle(const QString& shown)
{
    if (!shown.contains(QLatin1Char('<')) && !shown.contains(QLatin1Char('&')))
        return shown;
    return QTextDocumentFragment::fromHtml(shown).toPlainText().replace(QChar::LineSeparator, QLatin1Char(' '))
        .replace(QLatin1Char('\n'), QLatin1Char(' '));
}

bool fitChartTexts(QChart* chart)
{
    if (!chart || chart->size().width() < 10)
        return false;
    bool changed = false;
    QLegend* legend = chart->legend();
    if (legend->alignment() == Qt::AlignRight)
        chart->setProperty(kLegendRight, true);
    else if (legend->alignment() != Qt::AlignBottom)
        chart->setProperty(kLegendRight, false);
    if (chart->property(kLegendRight).toBool()) {
        const Qt::Alignment want = chart->size().width() < kNarrowChart ? Qt::AlignBottom : Qt::AlignRight;
        if (legend->alignment() != want) {
            legend->setAlignment(want);
            changed = true;
        }
    }
    const QMargins m = chart->margins();
    const double titleRoom = chart->size().width() - m.left() - m.right() - 12;
    if (!chart->title().isEmpty()) {
        const QString full = fullText(chart, chart->title());
        changed |= setWrapped(chart, chart->title(), wrapToWidth(plainTitle(full), chart->titleFont(), titleRoom),
            [](QObject* o, const QString& t) { static_cast<QChart*>(o)->setTitle(t); });
    }
    const QRectF plot = chart->plotArea();
    for (QAbstractAxis* axis : chart->axes()) {
        const bool horizontal = axis->orientation() == Qt::Horizontal;
        const double room = std::max(40.0, (horizontal ? plot.width() : plot.height()) - 4);
        if (!axis->titleText().isEmpty()) {
            const QString full = fullText(axis, axis->titleText());
            changed |= setWrapped(axis, axis->titleText(), wrapToWidth(plainTitle(full), axis->titleFont(), room),
                [](QObject* o, const QString& t) { static_cast<QAbstractAxis*>(o)->setTitleText(t); });
        }
        if (auto* c = qobject_cast<QCategoryAxis*>(axis); c && c->property(kMaxTicksProperty).isValid()) {
            const int n = ticksThatFit(c, room);
            if (n != c->property(kMaxTicksProperty).toInt()) {
                c->setProperty(kMaxTicksProperty, n);
                relabelAxis(c);
                changed = true;
            }
        }
    }
    return changed;
}

} // namespace crw
