fetch("https://api.example.com/api/items", {
  "headers": {
    "accept": "*/*",
    "authorization": "Bearer t0k",
    "sec-fetch-mode": "cors"
  },
  "referrer": "https://evil.example/",
  "referrerPolicy": "strict-origin-when-cross-origin",
  "body": null,
  "method": "GET",
  "mode": "cors",
  "credentials": "include"
});
