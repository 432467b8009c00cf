// SPDX-License-Identifier: MIT
// A policy with saved scenarios for the workspace tests (header-only; not a test itself).
#pragma once

#include "document/policydocument.h"
#include "io/corsyaml.h"

#include <QString>

namespace Cors::TestUtils {

/**
 * An app with cookies whose first saved scenario (a PUT with a custom header) fails its
 * preflight, and whose second passes: the simulator then shows a failure, a fix, a diagram.
 */
inline const char *shopPolicyYaml()
{
    return R"(cors-studio: 1
profile: "4.x"
settings:
  CORS_ALLOWED_ORIGINS:
    - "https://app.example.com"
    - "https://admin.example.com"
  CORS_URLS_REGEX: "^/api/.*$"
  CORS_EXPOSE_HEADERS:
    - "x-total-count"
  CORS_PREFLIGHT_MAX_AGE: 600
  CORS_ALLOW_CREDENTIALS: true
scenarios:
  - name: "The app saves an item with its trace id"
    expect: allowed
    request:
      origin: "https://app.example.com"
      url: "https://api.example.com/api/items/42"
      method: "PUT"
      headers:
        "Content-Type": "application/json"
        "X-Trace-Id": "7f3a9c"
      credentials: include
      cookies: "sessionid=abc123"
      cookie_samesite: none
  - name: "The app saves an item"
    expect: allowed
    request:
      origin: "https://app.example.com"
      url: "https://api.example.com/api/items/42"
      method: "PUT"
      headers:
        "Content-Type": "application/json"
      credentials: include
      cookies: "sessionid=abc123"
      cookie_samesite: none
)";
}

inline bool loadShopPolicy(PolicyDocument *document)
{
    const CorsYamlResult loaded = loadCorsYaml(QByteArray(shopPolicyYaml()));
    if (!loaded.ok)
        return false;
    document->reset(loaded.document);
    return true;
}

} // namespace Cors::TestUtils
