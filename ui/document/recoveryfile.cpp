// SPDX-License-Identifier: MIT
#include "document/recoveryfile.h"

#include "document/documentfile.h"
#include "io/atomicfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QStandardPaths>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Cors {

namespace {

std::unique_ptr<QLockFile> makeLock(const QString &path)
{
    auto lock = std::make_unique<QLockFile>(path);
    // Only a dead owner makes a lock stale, however long a session runs.
    lock->setStaleLockTime(0);
    return lock;
}

RecoveryInfo readInfo(const QString &path)
{
    RecoveryInfo info;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return info;
    const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
    info.filePath = o.value("filePath"_L1).toString();
    info.importedFrom = o.value("importedFrom"_L1).toString();
    info.displayName = o.value("displayName"_L1).toString();
    info.savedAt = QDateTime::fromString(o.value("savedAt"_L1).toString(), Qt::ISODate);
    return info;
}

} // namespace

RecoveryFile::RecoveryFile()
    : m_id(QUuid::createUuid().toString(QUuid::WithoutBraces))
{ }

RecoveryFile::~RecoveryFile()
{
    if (!m_abandoned)
        remove();
}

QString RecoveryFile::directory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + "/recovery"_L1;
}

QString RecoveryFile::path(const char *suffix) const
{
    return directory() + u'/' + m_id + QLatin1StringView(suffix);
}

QString RecoveryFile::documentPath() const
{
    return path(".cors.yaml");
}

bool RecoveryFile::exists() const
{
    return QFileInfo::exists(documentPath());
}

bool RecoveryFile::write(const CorsDocument &document, const RecoveryInfo &info, QString *error)
{
    if (!QDir().mkpath(directory())) {
        if (error)
            *error = QCoreApplication::translate("RecoveryFile", "Cannot create %1")
                             .arg(QDir::toNativeSeparators(directory()));
        return false;
    }
    if (!m_lock) {
        m_lock = makeLock(path(".lock"));
        m_lock->tryLock(0);
    }
    QJsonObject o;
    o.insert("filePath"_L1, info.filePath);
    o.insert("importedFrom"_L1, info.importedFrom);
    o.insert("displayName"_L1, info.displayName);
    o.insert("savedAt"_L1, info.savedAt.toString(Qt::ISODateWithMs));
    // The document first: a leftover is found by its info file.
    return writeDocumentFile(documentPath(), document, error)
            && writeFileAtomically(path(".json"), QJsonDocument(o).toJson(), error);
}

void RecoveryFile::remove()
{
    QFile::remove(path(".json"));
    QFile::remove(documentPath());
    if (m_lock)
        m_lock->unlock();
    m_lock.reset();
}

void RecoveryFile::abandon()
{
    m_abandoned = true;
    // A crash leaves the lock file behind with a dead owner; removing it says the same.
    if (m_lock)
        m_lock->unlock();
    m_lock.reset();
}

QList<RecoveryLeftover> RecoveryFile::findLeftovers()
{
    QList<RecoveryLeftover> out;
    const QDir dir(directory());
    const QStringList infos = dir.entryList({u"*.json"_s}, QDir::Files);
    for (const QString &name : infos) {
        const QString id = name.chopped(5);
        const QString documentPath = dir.filePath(id + ".cors.yaml"_L1);
        if (!QFileInfo::exists(documentPath))
            continue;
        // Held by a running session (this one or another): not a leftover.
        auto lock = makeLock(dir.filePath(id + ".lock"_L1));
        if (!lock->tryLock(0))
            continue;
        lock->unlock();
        out.append({id, documentPath, readInfo(dir.filePath(name))});
    }
    std::sort(out.begin(), out.end(), [](const RecoveryLeftover &a, const RecoveryLeftover &b) {
        return a.info.savedAt > b.info.savedAt;
    });
    return out;
}

void RecoveryFile::discard(const RecoveryLeftover &leftover)
{
    const QDir dir(directory());
    QFile::remove(dir.filePath(leftover.id + ".json"_L1));
    QFile::remove(leftover.documentPath);
    QFile::remove(dir.filePath(leftover.id + ".lock"_L1));
}

} // namespace Cors
