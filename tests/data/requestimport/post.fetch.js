fetch("https://api.example.com/api/notes?tags=[a]", {
  "headers": {
    "accept": "application/json",
    "content-type": "application/json",
    "sec-fetch-mode": "cors"
  },
  "referrer": "http://localhost:5173/",
  "referrerPolicy": "strict-origin-when-cross-origin",
  "body": "{\"text\":\"it's 100% done!\nnext\"}",
  "method": "POST",
  "mode": "cors",
  "credentials": "omit"
});
