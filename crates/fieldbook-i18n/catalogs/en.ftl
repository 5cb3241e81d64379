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
