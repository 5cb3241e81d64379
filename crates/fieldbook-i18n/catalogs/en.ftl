# fieldbook's texts in English. Every key here is used in code and exists in zh-CN.ftl
# too (a test checks both). The English texts of findings and agenda items are also
# written by the core itself, without this catalog, and must stay word for word the same
# (a test renders a month of every seed playbook both ways).

## Values: how dates, times and lists are written (chrono format strings).

date-format = %Y-%m-%d
minute-format = %Y-%m-%d %H:%M
list-comma = {", "}
list-or = {" or "}
list-and = {" and "}

## Findings: the daily routine's steps.

first-start = first { $kind }
first-end = first { $kind } ended
last-start = last { $kind } started
last-end = last { $kind } ended
ended-none = {""}
ended-end = {" "}ended
ended-start = {" "}started
step-on-time = { $title }: { $how } at { $at }, on time by { $due }
step-late = { $title }: { $how } at { $at }, late for { $due }
step-early = { $title }: { $kind }{ $ended } at { $at }, before it opened at { $due }
step-missing = { $title }: no { $kind } recorded, due by { $due }

## Findings: procedures (checklists).

procedure-done = { $title }: all { $total } items done
procedure-missing = { $title }: { $done } of { $total } items done; missing: { $missing }

## Findings: quotas.

quota-judged = { $title }: { $actual } { $when }, { $bounds }
quota-so-far = { $title }: { $actual } so far, { $bounds } by { $end }{ $left }
quota-no-threshold = { $title }: no threshold for { $person }: their `{ $attribute }` is not set in the roster
when-day = that day
when-event = for this event
when-period = in the { $period } from { $start }
when-prorated = { $when } (prorated: { $away } of { $working } working days away)
when-rolling = { $window } ({ $from } to { $to })
bounds-least = at least { $least }
bounds-most = at most { $most }
bounds-both = at least { $least } and at most { $most }
bounds-none = {""}
window-event = each
window-day = a day
window-week = this week
window-month = this month
window-quarter = this quarter
window-working-days =
    { $n ->
        [one] within { $n } working day
       *[other] within { $n } working days
    }
window-days =
    { $n ->
        [one] within { $n } day
       *[other] within { $n } days
    }
left-none = {""}
left-time = , { $span } left
left-days = , { $days } working days left
excused-away-all = { $finding } (excused: away every working day)
excused = { $finding } (excused: { $kind } { $days })
days-on = on { $day }
days-from-to = { $from } to { $to }

## Findings: duties, follow-ups and date reminders.

duty-done = { $title }: done at { $at }, due by { $due }
duty-late = { $title }: done late at { $at }, due by { $due }
duty-pending = { $title }: not done yet, due by { $due }{ $left }
duty-grace = { $title }: not done, was due by { $due }; done by { $grace }, it counts as late
duty-early = { $title }: not done, was due from { $opens } by { $due }; done at { $at }, before it opened
duty-missed = { $title }: not done, was due by { $due }
whose-customer = {" "}for { $customer }
whose-none = {""}
follow-up-done = { $title }{ $whose }: { $kind } at { $at }, due by { $due }
follow-up-missed = { $title }{ $whose }: no { $kind } by { $due } after `{ $cause }`
reminder-done = { $title }{ $whose } ({ $about }): { $kind } at { $at }, due by { $due }
reminder-missed = { $title }{ $whose } ({ $about }): no { $kind } by { $due }

## Findings: agreements and call lists.

agreement-renewed-late = { $title }: renewed for { $customer } on { $day }, { $late } days after it expired on { $expired }; now valid through { $through }
agreement-renewed = { $title }: renewed for { $customer } on { $day }; valid through { $through }
agreement-needed = { $title }: `{ $event }` ({ $kind }) for { $customer } on { $day } needs a valid agreement: { $standing }
agreement-runs-out = { $title }: the agreement of { $customer } runs out after { $through } and was not renewed
standing-missing = no signed agreement
standing-not-yet = signed only from { $from }
standing-valid = valid through { $through }
standing-expired = expired after { $through }
standing-no-signers = no authorised signers
call-list = { $title }: { $called } of the { $n } customers most due were contacted{ $missed }{ $outside }
call-list-missed = ; not contacted: { $customers }
call-list-missed-none = {""}
call-list-outside = {" "}({ $customers } only outside { $from }-{ $to })
call-list-outside-none = {""}

## Findings: check scripts.

check-not-evaluated = { $title }: not evaluated: the playbook was loaded without a script engine (load it with `fieldbook::load`)
check-said = { $title }: { $said }
check-passed = passed
check-failed = failed
check-error = check `{ $id }`{ $about }: script error{ $place }: { $error }
check-about-event = {" "}on event `{ $event }`
check-about-none = {""}

## Agenda items.

agenda-title = { $title }
agenda-duty-at-least = { $title } (at least { $times } this { $period })
agenda-focus = Focus on { $groups } customers
detail-separator = {"; "}
detail-from = from { $at }
detail-may-from = may be done from { $day }
detail-moved = moved from { $day } ({ $kind })
detail-chair = chaired by { $role }
detail-to = to { $role }
detail-note = { $note }
detail-place = place: { $place }
detail-procedure = { $title }: { $items }
detail-phase-note = { $title }: { $note }
target-detail = { $bounds } { $window }{ $whose }
target-both = at least { $least }, at most { $most }
target-tagged = {" "}(customers tagged { $tags })
target-tagged-none = {""}

## Verdicts and sorts of agenda items.

status-pass = pass
status-fail = fail
status-warning = warning
status-pending = pending
status-error = error
status-excused = excused
kind-step = step
kind-meeting = meeting
kind-report = report
kind-task = task
kind-target = target
kind-focus = focus
kind-reminder = reminder
kind-renewal = renewal
kind-call = call
kind-review = review
kind-candidate = candidate

## The agenda example's table.

agenda-heading = { $date } { $weekday ->
        [mon] Monday
        [tue] Tuesday
        [wed] Wednesday
        [thu] Thursday
        [fri] Friday
        [sat] Saturday
       *[sun] Sunday
    }: { $day }, { $phase }
agenda-working-day = working day
agenda-day-off = not a working day
agenda-phase = phase { $id } ({ $title })
agenda-no-phase = no phase
agenda-nothing-due = nothing due
agenda-away = away: { $kind }, { $from } to { $to }
agenda-column-due = due
agenda-column-kind = kind
agenda-column-what = what
agenda-column-refs = refs

## The evaluate example's tables.

evaluate-status = status
evaluate-rule = rule
evaluate-refs = refs
evaluate-person = person
evaluate-date = date
evaluate-message = message
evaluate-attainment = attainment
evaluate-rejected = rejected line { $line } ({ $id })
evaluate-no-id = no id

## The plan_month example's tables.

plan-heading = Visit plan of { $person } for { $month }: { $requirements } customers' requirements, { $visit }m a visit ({ $source }), { $travel }m between visits, { $start } to { $end }, { $quota } to { $most } visits a day
plan-week-header = {" "}week       |  Mon  Tue  Wed  Thu  Fri  Sat  Sun
plan-day = { $date } { $weekday ->
        [mon] Mon
        [tue] Tue
        [wed] Wed
        [thu] Thu
        [fri] Fri
        [sat] Sat
       *[sun] Sun
    }: { $visits } visits, ending { $ends }
plan-all-met = Every requirement and the daily quota are met.
plan-not-met = Not met:
plan-tracker = The tracker over the plan: { $findings } findings, { $failed } not passed{ $end }
plan-tracker-end-none = .
plan-tracker-end-list = :
plan-more = ... and { $more } more (--json lists all)

## The month summary of the simulator (terminal).

summary-line = { $month } · { $people } people · seed { $seed } · { $events } events · { $findings } findings
summary-attainment = Attainment { $attainment } (pass { $pass }, fail { $fail }, late { $late }, still open { $open }, excused { $excused })
summary-per-rule = Attainment per rule
summary-rule = rule
summary-refs = refs
summary-pass = pass
summary-fail = fail
summary-late = late
summary-open = open
summary-attain = attain
summary-failed-most = Rules failed most
summary-failed-line = { $n }. { $rule } [{ $refs }]: { $failures } failures ({ $share }% of its findings)
summary-example = e.g. { $example }
summary-per-phase = Per phase (findings within a day, by the day; longer windows apart)
summary-phase = phase
summary-worst = failed most
summary-per-person = Per person
summary-lowest-highest = (the 10 lowest and 5 highest of { $people } people by attainment)
summary-person = person
summary-attrs = attrs
summary-per-team = Per team (quotas counted per team; not on the chief's line)
summary-team = team
summary-chief = chief
summary-members = members

## The month report of the simulator (report.html; values are HTML-escaped).

report-title = { $title } — simulated month { $month }
report-lead = Playbook <b>{ $playbook }</b> · { $people } people · seed { $seed } · { $events } recorded events · { $findings } findings
report-what = <b>What this is.</b> A simulated team of { $people } worked the month of { $month } under the playbook's rules: the daily routine, visits, reports, meetings and follow-ups, with realistic lapses (sick days, lateness, forgotten reports, rushed visits, missed follow-ups). The engine then checked every rule, as it would check a real team's records.
report-how = <b>How to read it.</b> A <i>finding</i> is one verdict: one rule, for one person, over one window (a day, a visit, a week, the month). It <i>passes</i>, <i>fails</i>, is done <i>late</i> (a report handed in after its deadline but within its grace day), or is still <i>open</i> (a week that runs past the month's end). <i>Attainment</i> is the share of passes among passes, failures and late ones. Every rule cites the fact of the source document it implements, such as <span class="refs">T77-8</span>.
report-card-attainment = attainment overall
report-card-passed = passed
report-card-failed = failed
report-card-late = done late
report-card-open = still open at month end
report-card-excused = excused (days away)
report-card-worst = rule failed most ({ $failures } failures)
report-per-rule = Attainment per rule
report-per-rule-note = One bar per rule: the share of its findings that passed. Green 95% and above, amber 80% and above, red below.
report-rule = rule
report-asks = what it asks
report-source = source
report-pass = pass
report-fail = fail
report-late = late
report-open = open
report-attainment = attainment
report-example = a failure, for example
report-worst = failed most
sort-step = step
sort-duty = duty
sort-checklist = checklist
sort-quota = quota
sort-follow-up = follow-up
sort-check = check
report-daily = { $title }: each person, each day
report-daily-minutes = {" "}(minutes)
report-daily-count = {""}
report-daily-note = Each panel is one person: the blue line is the value of each working day{ $unit } as the engine measured it ({ $refs }), the dashed red line is the least the rule asks of that person; dots below the line are failed days, a gap is a day off.{ $more }
report-heat = Failures per person and day
report-heat-note = Each cell counts the failed findings of one person on one day (steps, daily quotas, visits, duties, follow-ups; weekly and monthly rules are not in it). White-green: none; darker red: more, up to { $max }. Grey columns are days off. The darkest cells are usually sick days: nothing was recorded, so every step of the day failed.{ $more }
report-per-phase = Per phase of the month
report-per-phase-note = Findings of windows within a day, by the phase of their day; weekly, monthly and quarterly rules in the last row.
report-phase = phase
report-per-person = Per person
report-person = person
report-role = role
report-attributes = attributes
report-files = Files
report-files-note = Beside this page: <code>summary.csv</code> (one row per rule), the findings (one row per finding, with the events that decided it) and the events, as Parquet in <code>findings/</code> and <code>events/</code> (with <code>--format text</code>: <code>findings.csv</code> and <code>events.jsonl</code>, which <code>cargo run --example evaluate</code> reads with <code>roster.json</code> to reproduce the findings), and <code>roster.json</code>{ $compare }.
report-files-compare = , <code>compare.csv</code> (the comparison)
report-files-none = {""}
report-chart-days-below = people by days below the line
report-axis-days-below = days below the line
report-daily-shown = {" "}Showing the { $worst } people with the most days below the line and the { $best } with the fewest, of { $total }; the chart above counts everyone.
report-heat-shown = {" "}Showing the { $worst } people with the most failures, of { $total }.
report-chart-attainment = people by attainment
report-axis-attainment = attainment, %
report-people-shown = The { $worst } people with the lowest attainment, then the { $best } with the highest, of { $total }; the chart above counts everyone.
report-per-team = Per team
report-per-team-note = The quotas counted once for each team, over the events of all its members; their findings go to the team's chief and are counted here, not on the chief's line above.
report-team = team
report-chief = chief
report-members = members
report-compare = Comparison: { $other } against { $base }
report-compare-note = The same people, customers and seed under the second playbook. Overall attainment { $base_attainment } under { $base }, { $other_attainment } under { $other }. Bars show the change in percentage points per rule (green: better under { $other }).
report-compare-chart = Change of attainment per rule
report-only-in = only in { $playbook }
report-change = change
report-absent = absent
report-judged = { $count } judged

## Problems in playbooks (the common ones so far; the rest are English only).

problem-unknown-role = unknown role `{ $name }` ({ $declared })
problem-unknown-phase = unknown phase `{ $name }` ({ $declared })
problem-unknown-tag = unknown customer tag `{ $name }` ({ $declared } in customers.tags)
problem-unknown-kind = unknown event kind `{ $name }` ({ $declared } in [event_kinds])
problem-unknown-field = unknown customer field `{ $name }` ({ $declared } in [customers.fields])
declared-none = none are declared
declared-list = declared: { $names }

## Added with sub-items, evidence contents and phase quotas (issue 14).

step-but = { $finding }; but { $problem }
content-and = { $first }; { $rest }
content-unrecorded = no { $key } recorded, { $wanted } expected
content-mismatch = { $key } { $found }, not { $wanted }
content-figure-wrong = { $field } is { $reported }, the day's records show { $shown }
content-figure-missing = no { $field }, the day's records show { $shown }
content-shortfall = no { $field } for { $actual } { $actual_name } below { $planned } { $planned_name }
content-no-list = no { $kind } names the day's customers
content-off-list = not on the { $kind }'s `{ $list }` list: { $customers }
missing-item = { $title }
missing-item-min = { $title } (at least { $min } of its sub-items)
missing-item-subs = { $title } ({ $subs })
when-phase = in the phase { $phase } from { $start }
checklist-item = { $title }
checklist-item-subs = { $title } [{ $subs }]
detail-among = each { $kind } to a customer on the { $list_kind }'s { $list } list
detail-figures = { $names } as the day's records show
detail-shortfall = { $field } when { $actual } is below { $planned }

window-phase = in the phase

## Added with visit frequencies judged (issue 14, T77-12).

window-visit-frequency = in each period of the visit frequency
when-visit-period = in the { $every ->
        [week] weekly
        [two_weeks] two-weekly
       *[month] monthly
    } visit period { $first } to { $last }
target-listed = { $target }, per customer on the { $kind }'s { $list } list
