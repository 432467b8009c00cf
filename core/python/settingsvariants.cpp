// SPDX-License-Identifier: MIT
#include "python/settingsvariants.h"

#include <QCoreApplication>
#include <QFile>

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

SettingsVariants expand(const SettingsReadResult &base, const SettingsReadOptions &options,
                        const std::function<SettingsReadResult(const SettingsReadOptions &)> &read)
{
    SettingsVariants out;
    if (!base.ok || base.decisions.isEmpty()) {
        out.variants.append({QString(), options.assumptions, base});
        return out;
    }
    const QList<SettingsDecision> expanded = base.decisions.mid(0, MaxVariantDecisions);
    for (const SettingsDecision &d : base.decisions.mid(MaxVariantDecisions))
        out.summarised.append(d.assumed ? d.onLabel : d.offLabel);
    const qsizetype count = qsizetype(1) << expanded.size();
    // The "on" outcomes first: "DEBUG on" before "DEBUG off", as the labels read.
    for (qsizetype combo = 0; combo < count; ++combo) {
        SettingsReadOptions o = options;
        QStringList labels;
        bool isBase = true;
        for (qsizetype i = 0; i < expanded.size(); ++i) {
            const SettingsDecision &d = expanded.at(i);
            const bool on = !(combo & (qsizetype(1) << (expanded.size() - 1 - i)));
            o.assumptions.insert(d.key, on);
            labels.append(on ? d.onLabel : d.offLabel);
            isBase = isBase && on == d.assumed;
        }
        for (const SettingsDecision &d : base.decisions.mid(MaxVariantDecisions))
            o.assumptions.insert(d.key, d.assumed);
        SettingsVariant variant;
        variant.name = labels.join(QStringLiteral(", "));
        variant.assumptions = o.assumptions;
        variant.result = isBase ? base : read(o);
        if (isBase)
            out.chosen = out.variants.size();
        for (const SettingsDecision &d : std::as_const(variant.result.decisions)) {
            const QString label = d.assumed ? d.onLabel : d.offLabel;
            bool listed = false;
            for (const SettingsDecision &e : expanded)
                listed = listed || e.key == d.key;
            if (!listed && !out.summarised.contains(label))
                out.summarised.append(label);
        }
        out.variants.append(variant);
    }
    QStringList reasons;
    for (const SettingsDecision &d : expanded) {
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
