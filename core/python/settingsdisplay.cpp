// SPDX-License-Identifier: MIT
#include "python/settingsdisplay.h"

#include "python/pysemantics.h"

namespace Cors::Settings {

namespace {

// Appends to @p out and stops once it is long enough; returns false when it stopped.
bool append(const PyValue &value, QString &out, int maxLength)
{
    if (out.size() > maxLength)
        return false;
    if (value.isStarred())
        out += u'*';
    switch (value.kind()) {
    case PyValue::Kind::DefaultHeaders:
        out += QStringLiteral("default_headers");
        return true;
    case PyValue::Kind::DefaultMethods:
        out += QStringLiteral("default_methods");
        return true;
    case PyValue::Kind::List:
    case PyValue::Kind::Tuple:
    case PyValue::Kind::Set:
    case PyValue::Kind::Dict: {
        const QList<PyValue> &items = value.items();
        if (value.kind() == PyValue::Kind::Set && items.isEmpty()) {
            out += QStringLiteral("set()");
            return true;
        }
        const bool dict = value.kind() == PyValue::Kind::Dict;
        out += value.kind() == PyValue::Kind::List     ? u'['
                : value.kind() == PyValue::Kind::Tuple ? u'('
                                                       : u'{';
        for (qsizetype i = 0; i < items.size(); ++i) {
            if (i > 0)
                out += QStringLiteral(", ");
            if (out.size() > maxLength) {
                out += QStringLiteral("...");
                return false;
            }
            if (dict) {
                if (!append(items.at(i).items().at(0), out, maxLength))
                    return false;
                out += QStringLiteral(": ");
                if (!append(items.at(i).items().at(1), out, maxLength))
                    return false;
            } else if (!append(items.at(i), out, maxLength)) {
                return false;
            }
        }
        if (value.kind() == PyValue::Kind::Tuple && items.size() == 1)
            out += u',';
        out += value.kind() == PyValue::Kind::List     ? u']'
                : value.kind() == PyValue::Kind::Tuple ? u')'
                                                       : u'}';
        return true;
    }
    case PyValue::Kind::Str:
        if (value.text().size() > maxLength) {
            // repr() of a prefix: a huge string must not be quoted whole only to be cut.
            QString text = Py::reprString(value.text().left(maxLength));
            text.chop(1);
            out += text + QStringLiteral("...");
            return false;
        }
        out += Py::reprString(value.text());
        return true;
    default: {
        const QString text = Py::repr(value);
        if (text.size() > maxLength) {
            out += text.left(maxLength) + QStringLiteral("...");
            return false;
        }
        out += text;
        return true;
    }
    }
}

} // namespace

QString displayValue(const PyValue &value, int maxLength)
{
    QString out;
    append(value, out, maxLength);
    return out;
}

} // namespace Cors::Settings
