-- wrk: a status lookup as the applicants' page and API make it. The code
-- comes from the environment (STATUS_CODE), set by bench/load/run.sh.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"code": "' .. os.getenv("STATUS_CODE") .. '", "lang": "fr"}'
