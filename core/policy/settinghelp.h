// SPDX-License-Identifier: MIT
#pragma once

#include "policy/profile.h"
#include "policy/setting.h"

#include <QString>

namespace Cors {

/**
 * What a setting does, for people: the editor's tooltips and What's This, and any command-line
 * help. Texts are translated (context "SettingHelp").
 */
struct SettingHelp
{
    /** A short human title, "Allowed origins". */
    QString title;
    /** One sentence: what the setting decides. */
    QString summary;
    /** What django-cors-headers does with the value (a paragraph). */
    QString description;
    /** The browser behaviour the setting controls (a paragraph). */
    QString browser;
    /** Where to read more about that behaviour (MDN or the specification), and its label. */
    QString link;
    QString linkText;
};

SettingHelp settingHelp(SettingId id);

/**
 * The default for @p profile in words: "86400", "default_headers (accept, authorization, ...)",
 * "() (empty)", or why there is none ("not read by django-cors-headers 3.14").
 */
QString settingDefaultText(SettingId id, Profile profile);

/** How django-cors-headers @p profile differs from the other profile, in one paragraph. */
QString profileDescription(Profile profile);

/** The whole help as rich text (title, summary, description, default, browser, link). */
QString settingHelpHtml(SettingId id, Profile profile);

} // namespace Cors
