-- serve_match.lua: the wrk script of bench/serve.sh. Each request is one
-- single-traveller POST /match/default in yente's shape; the travellers
-- cycle through 50 names, about half of them spellings of listed persons
-- (UN, OFAC SDN), some with a birth date and nationality, the rest
-- ordinary names that should clear. Each wrk thread starts at its own
-- place in the cycle.
--
--   [ZEEF_WRK_DELAY_MS=D] [ZEEF_WRK_MIX=1] [ZEEF_WRK_KIND=filters|nameless] \
--     wrk -t2 -c16 -d10s --latency -s bench/serve_match.lua URL
--
-- ZEEF_WRK_DELAY_MS (optional) paces every connection: wrk waits D ms
-- before each request, so C connections send about C * 1000 / D requests a
-- second while the server keeps up (wrk has no fixed-rate mode; wrk2 is
-- not packaged). It is read when the script loads, because wrk decides
-- then whether the script has a delay() at all; without it the requests
-- go back to back.

local travellers = {
  -- listed spellings (name, birth date, nationality)
  {"Aiman al-Zawahiri", "1951-06-19", "eg"},
  {"Ayman Zawahri"},
  {"Aqsa Mahmud"},
  {"Ibrahim Awad Ibrahim al-Badri", "1971", "iq"},
  {"Abu Bakr al-Baghdadi"},
  {"Hafiz Mohammad Saeed", "1950-06-05", "pk"},
  {"Mokhtar Belmokhtar", "1972-06-01", "dz"},
  {"Kim Jong Sik"},
  {"Intisar al-Ubaidi"},
  {"Dawood Ibrahim Kaskar", "1955-12-26", "in"},
  {"Jalaluddin Haqani"},
  {"Sirajuddin Haqqani", "1977"},
  {"Abdul Ghani Baradar", "1968", "af"},
  {"Amir Khan Muttaqi"},
  {"Nasir al-Wahishi"},
  {"Khalid Shaikh Mohammed"},
  {"Viktor Bout", "1967-01-13", "ru"},
  {"Joaquin Guzman Loera", "1957-04-04", "mx"},
  {"Ismael Zambada Garcia"},
  {"Hasan Nasrallah", "1960-08-31", "lb"},
  {"Qassem Soleimani", "1957-03-11", "ir"},
  {"أيمن الظواهري"},
  {"Aymen Al-Zawahry"},
  {"ABU MOHAMMED AL-JAWLANI"},
  {"Said Bahaji", "1975-07-15"},
  -- ordinary names
  {"Maria Lopez Garcia", "1990-04-12", "es"},
  {"Jan de Vries", "1983-07-30", "nl"},
  {"Pieter Janssen"},
  {"John Smith", "1975-02-11", "us"},
  {"Emma Johnson"},
  {"Ahmed Hassan", "1988-09-01", "eg"},
  {"Fatima Zahra Benali"},
  {"Olga Petrova", "1992", "ru"},
  {"Ivan Petrov"},
  {"Li Wei", "1985-05-05", "cn"},
  {"Wang Fang"},
  {"Anna Kowalska", "1979-11-23", "pl"},
  {"Lars Nilsson"},
  {"Sofia Rossi", "2001-01-17", "it"},
  {"Luca Bianchi"},
  {"Aisha Bello", "1994-03-08", "ng"},
  {"Juan Perez"},
  {"Hiroshi Tanaka", "1969-12-30", "jp"},
  {"Nguyen Van An"},
  {"Priya Sharma", "1991-06-14", "in"},
  {"Carlos Silva"},
  {"Mehmet Yilmaz", "1982-08-19", "tr"},
  {"Fatma Kaya"},
  {"David Cohen", "1977-10-10", "il"},
  {"Sarah Miller"},
}

local bodies = {}
for i, t in ipairs(travellers) do
  local props = '"name": ["' .. t[1] .. '"]'
  if t[2] then props = props .. ', "birthDate": ["' .. t[2] .. '"]' end
  if t[3] then props = props .. ', "nationality": ["' .. t[3] .. '"]' end
  bodies[i] = '{"queries": {"q1": {"schema": "Person", "properties": {' .. props .. '}}}}'
end

-- ZEEF_WRK_MIX=1: the given names of one traveller with the surname of
-- another (50 x 50 = 2,500 travellers, no dates), so that fewer requests
-- repeat exactly what the server has just seen.
local mixed = {}
if os.getenv("ZEEF_WRK_MIX") == "1" then
  for i, a in ipairs(travellers) do
    local given = a[1]:match("^(.-)%s+%S+$") or a[1]
    for j, b in ipairs(travellers) do
      local surname = b[1]:match("(%S+)$")
      mixed[#mixed + 1] = '{"queries": {"q1": {"schema": "Person", "properties": {"name": ["'
        .. given .. " " .. surname .. '"]}}}}'
    end
  end
  bodies = mixed
end

-- ZEEF_WRK_KIND=filters: the same travellers, each request with the
-- filters a case manager sends (datasets, topics, a schema, 3 excluded
-- ids, changed_since). ZEEF_WRK_KIND=nameless: queries without a name, a
-- passport number alone, half of them numbers the UN list holds.
local kind = os.getenv("ZEEF_WRK_KIND") or ""
local path = nil
if kind == "filters" then
  path = "/match/default?include_dataset=UN&include_dataset=OFAC&include_dataset=EU&topics=sanction"
    .. "&exclude_schema=Organization&exclude_entity_ids=UN:QDi.001&exclude_entity_ids=OFAC:36"
    .. "&exclude_entity_ids=EU:13&changed_since=2000-01-01&limit=10"
elseif kind == "nameless" then
  local numbers = {"OB 0243318", "AB850901", "AB187304", "D00002264", "D00001184", "P04838205",
                   "AAID00437", "AAIN29392", "1084010", "19820215",
                   "NW7K3LP21", "X1234567", "C01X00T47", "Y98765432", "AB1234560", "K0000001",
                   "P7Q8R9S0", "L4M5N6O7", "GH2746151", "ZZ0000000"}
  bodies = {}
  for i, n in ipairs(numbers) do
    bodies[i] = '{"queries": {"q1": {"schema": "Person", "properties": {"passportNumber": ["' .. n .. '"]}}}}'
  end
end

local threads = 0
function setup(thread)
  thread:set("start", threads * 1237)
  threads = threads + 1
end

local counter = 0
local headers = {["Content-Type"] = "application/json"}

function init(args)
  counter = (start or 0) % #bodies
  math.randomseed(1 + (start or 0)) -- each thread its own draws, the same every run
end

function request()
  counter = counter % #bodies + 1
  return wrk.format("POST", path, headers, bodies[counter])
end

-- The waits are drawn at random around D (exponentially: each connection's
-- requests arrive as a Poisson process, as independent travellers do). A
-- fixed D would keep the connections in step: all of them would send in
-- the same millisecond and the last of each burst would wait for the
-- others, which measures the bursts, not the rate.
local delay_ms = tonumber(os.getenv("ZEEF_WRK_DELAY_MS") or "")
if delay_ms then
  function delay()
    return math.floor(-math.log(1 - math.random()) * delay_ms + 0.5)
  end
end
