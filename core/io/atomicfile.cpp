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
    if (!file.commit())
        return fail();
    return true;
}

} // namespace Cors
