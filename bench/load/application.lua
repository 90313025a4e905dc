-- wrk: an online application as the API takes it (POST /api/v1/applications),
-- in French, each request a new one: the same text twice is one
-- application, answered 409. Each thread numbers its own.
local counter = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

local words = "Nous formerons quatre cents petites entreprises au commerce électronique, " ..
  "aux paiements mobiles et à la facturation électronique dans six régions du pays. "
words = words .. words

request = function()
  counter = counter + 1
  local body = '{"lang": "fr", "title": "Commerce numérique ' .. id .. '-' .. counter .. '",' ..
    ' "applicant": {"name": "Réseau des coopératives", "type": "ngo", "country": "SN",' ..
    ' "email": "contact@example.org"}, "summary": "Demande ' .. id .. '-' .. counter .. '",' ..
    ' "sections": {"contexte": "' .. words .. '", "objectifs": "' .. words .. '",' ..
    ' "activites": "' .. words .. words .. '", "durabilite": "' .. words ..
    '", "justification_budget": "' .. words .. '"},' ..
    ' "budget": {"total": 200000, "requested": 120000, "currency": "USD"},' ..
    ' "beneficiaries": {"msmes": 400, "women_led": 300},' ..
    ' "fields": {"digital_budget_share": 70, "msmes_supported_before": 250}}'
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end
