fetch("https://api.example.com/api/items/7", {
  "headers": {
    "accept": "*/*",
    "sec-fetch-mode": "cors"
  },
  "referrerPolicy": "strict-origin-when-cross-origin",
  "body": null,
  "method": "OPTIONS",
  "mode": "cors",
  "credentials": "omit"
});
