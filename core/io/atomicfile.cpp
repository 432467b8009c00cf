// SPDX-License-Identifier: MIT
#include "io/atomicfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QSaveFile>

namespace Cors {

bool writeFileAtomically(const QString &path, const QByteArray &data, QString *error)
{
    QSaveFile file(path);
    auto fail = [&]() {
        if (error)
            *error = QCoreApplication::translate("AtomicFile", "Cannot write %1: %2")
                             .arg(QDir::toNativeSeparators(path), file.errorString());
        file.cancelWriting();
        return false;
    };
    if (!file.open(QIODevice::WriteOnly))
        return fail();
    if (file.write(data) != data.size())
        return fail();
    // Small writes stay in QFile's buffer until commit(), whose own flush ignores a failed write
    // (Qt 6.4): on a full disk it would rename a truncated file over the good one.
    if (!file.flush())
        return fail();
    if (!file.commit())
        return fail();
    return true;
}

} // namespace Cors
