// SPDX-License-Identifier: MIT
#include "python/settingsvariants.h"

#include <QCoreApplication>
#include <QFile>

#include <algorithm>
#include <functional>

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SettingsVariants", text);
}

QString normalized(const QString &name)
{
    return name.simplified().toLower();
}

/** One line of outcomes through a module's decisions, and the read it gives. */
struct DecisionPath
{
    QHash<QString, bool> branched;
    QList<SettingsDecision> taken; ///< the decisions branched on, with their default outcome
    QStringList labels;
    QList<bool> offs; ///< per branch: took "off" (orders the "on" outcomes first)
    bool isBase = true;
    SettingsReadResult result;
};

SettingsVariants expand(const SettingsReadResult &base, const SettingsReadOptions &options,
                        const std::function<SettingsReadResult(const SettingsReadOptions &)> &read)
{
    SettingsVariants out;
    if (!base.ok || base.decisions.isEmpty()) {
        out.variants.append({QString(), options.assumptions, base});
        return out;
    }
    // A decision can sit inside another one's branch (`if DEBUG and os.environ.get(...)`,
    // an elif met only when DEBUG is on), so each outcome is read again and the decisions
    // that read meets are branched on in turn: the variants are the leaves of that tree.
    // Breadth first, so that the budget goes to the earlier decisions.
    constexpr qsizetype MaxVariants = qsizetype(1) << MaxVariantDecisions;
    QList<DecisionPath> open;
    open.append(DecisionPath {{}, {}, {}, {}, true, base});
    QList<DecisionPath> leaves;
    while (!open.isEmpty()) {
        DecisionPath path = open.takeFirst();
        const SettingsDecision *next = nullptr;
        for (const SettingsDecision &d : std::as_const(path.result.decisions)) {
            if (!path.branched.contains(d.key)) {
                next = &d;
                break;
            }
        }
        const qsizetype variants = open.size() + leaves.size() + 1;
        if (!next || variants + 1 > MaxVariants) {
            for (const SettingsDecision &d : std::as_const(path.result.decisions)) {
                const QString label = d.assumed ? d.onLabel : d.offLabel;
                if (!path.branched.contains(d.key) && !out.summarised.contains(label))
                    out.summarised.append(label);
            }
            leaves.append(path);
            continue;
        }
        const SettingsDecision decision = *next;
        for (const bool on : {true, false}) {
            DecisionPath child = path;
            child.branched.insert(decision.key, on);
            child.taken.append(decision);
            child.labels.append(on ? decision.onLabel : decision.offLabel);
            child.offs.append(!on);
            child.isBase = path.isBase && on == decision.assumed;
            if (on != decision.assumed) {
                // The path's own read already took the default outcome.
                SettingsReadOptions o = options;
                for (auto it = child.branched.cbegin(); it != child.branched.cend(); ++it)
                    o.assumptions.insert(it.key(), it.value());
                child.result = read(o);
            }
            open.append(child);
        }
    }
    std::stable_sort(leaves.begin(), leaves.end(),
                     [](const DecisionPath &a, const DecisionPath &b) { return a.offs < b.offs; });
    for (const DecisionPath &leaf : std::as_const(leaves)) {
        SettingsVariant variant;
        variant.name = leaf.labels.join(QStringLiteral(", "));
        variant.assumptions = options.assumptions;
        for (auto it = leaf.branched.cbegin(); it != leaf.branched.cend(); ++it)
            variant.assumptions.insert(it.key(), it.value());
        variant.result = leaf.result;
        if (leaf.isBase) {
            out.chosen = out.variants.size();
            QStringList reasons;
            for (const SettingsDecision &d : leaf.taken) {
                if (d.key == QLatin1String("DEBUG"))
                    reasons.append(d.assumed ? tr("DEBUG on, as asked (--debug-settings)")
                                             : tr("DEBUG off, as production runs"));
                else if (d.key.startsWith(QLatin1String("env:")))
                    reasons.append(d.assumed ? tr("%1 as asked").arg(d.onLabel)
                                             : tr("%1: the file's own default").arg(d.offLabel));
                else
                    reasons.append(d.assumed ? tr("%1 as asked").arg(d.onLabel) : d.offLabel);
            }
            out.chosenReason = reasons.join(QStringLiteral("; "));
        }
        out.variants.append(variant);
    }
    return out;
}

} // namespace

qsizetype SettingsVariants::find(const QString &name) const
{
    for (qsizetype i = 0; i < variants.size(); ++i) {
        if (normalized(variants.at(i).name) == normalized(name))
            return i;
    }
    return -1;
}

QString SettingsVariants::names() const
{
    QStringList quoted;
    for (const SettingsVariant &v : variants)
        quoted.append(u'"' + v.name + u'"');
    return quoted.join(QStringLiteral(", "));
}

SettingsVariants readDjangoSettingsVariants(const QByteArray &source,
                                            const SettingsReadOptions &options)
{
    return expand(readDjangoSettings(source, options), options,
                  [&](const SettingsReadOptions &o) { return readDjangoSettings(source, o); });
}

SettingsVariants readDjangoSettingsFileVariants(const QString &path,
                                                const SettingsReadOptions &options)
{
    const SettingsReadResult base = readDjangoSettingsFile(path, options);
    if (!base.ok || base.decisions.isEmpty())
        return expand(base, options, {});
    QFile file(path);
    QByteArray bytes;
    if (file.open(QIODevice::ReadOnly))
        bytes = file.read(SettingsReadLimits::MaxFileBytes + 1);
    return expand(base, options,
                  [&](const SettingsReadOptions &o) { return readDjangoSettings(bytes, o); });
}

} // namespace Cors
