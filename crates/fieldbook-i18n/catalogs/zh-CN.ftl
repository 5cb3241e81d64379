# fieldbook 的简体中文文本。键与 en.ftl 一一对应(有测试检查)。
# 标题、事项名称来自剧本(playbook)及其译文覆盖层,这里只写引擎自己的措辞。

## 值的写法:日期、时间、列表(chrono 格式串)。

date-format = %Y年%-m月%-d日
minute-format = %Y年%-m月%-d日 %H:%M
list-comma = 、
list-or = 或
list-and = 和

## 发现:日常工作步骤。

first-start = 首次{ $kind_title }
first-end = 首次{ $kind_title }结束
last-start = 最后一次{ $kind_title }开始
last-end = 最后一次{ $kind_title }结束
ended-none = {""}
ended-end = 结束
ended-start = 开始
step-on-time = { $title }:{ $how }于 { $at },按时(应在 { $due } 前)
step-late = { $title }:{ $how }于 { $at },迟于 { $due }
step-early = { $title }:{ $kind_title }{ $ended }于 { $at },早于开始时间 { $due }
step-missing = { $title }:没有{ $kind_title }记录,应在 { $due } 前

## 发现:工作程序(清单)。

procedure-done = { $title }:{ $total } 项全部完成
procedure-missing = { $title }:完成 { $done }/{ $total } 项;缺:{ $missing }

## 发现:定额。

quota-judged = { $title }:{ $when }为 { $actual },要求{ $bounds }
quota-so-far = { $title }:目前 { $actual },{ $end } 前要求{ $bounds }{ $left }
quota-no-threshold = { $title }:{ $person } 没有标准:名册中未设置其“{ $attribute }”
when-day = 当天
when-event = 本次
when-period =
    { $period ->
        [week] 自 { $start } 起的一周内
        [month] 自 { $start } 起的一个月内
       *[quarter] 自 { $start } 起的一个季度内
    }
when-prorated = { $when }(按比例:{ $working } 个工作日中缺勤 { $away } 天)
when-rolling = { $window }({ $from } 至 { $to })
bounds-least = 不少于 { $least }
bounds-most = 不多于 { $most }
bounds-both = 不少于 { $least } 且不多于 { $most }
bounds-none = {""}
window-event = 每次
window-day = 每天
window-week = 本周
window-month = 本月
window-quarter = 本季度
window-working-days = { $n } 个工作日内
window-days = { $n } 天内
left-none = {""}
left-time = ,还剩 { $span }
left-days = ,还剩 { $days } 个工作日
excused-away-all = { $finding }(免责:所有工作日均缺勤)
excused = { $finding }(免责:{ $kind },{ $days })
days-on = { $day }
days-from-to = { $from } 至 { $to }

## 发现:周期工作、跟进与日期提醒。

duty-done = { $title }:已于 { $at } 完成,应在 { $due } 前
duty-late = { $title }:于 { $at } 逾期完成,应在 { $due } 前
duty-pending = { $title }:尚未完成,应在 { $due } 前{ $left }
duty-grace = { $title }:未完成,原应在 { $due } 前;在 { $grace } 前完成则记为逾期
duty-early = { $title }:未完成,原应在 { $opens } 至 { $due } 之间;于 { $at } 完成,早于开始时间
duty-missed = { $title }:未完成,原应在 { $due } 前
whose-customer = (客户 { $customer })
whose-none = {""}
follow-up-done = { $title }{ $whose }:{ $kind_title }于 { $at },应在 { $due } 前
follow-up-missed = { $title }{ $whose }:“{ $cause }”之后,{ $due } 前没有{ $kind_title }
reminder-done = { $title }{ $whose }({ $about }):{ $kind_title }于 { $at },应在 { $due } 前
reminder-missed = { $title }{ $whose }({ $about }):{ $due } 前没有{ $kind_title }

## 发现:协议与电话名单。

agreement-renewed-late = { $title }:客户 { $customer } 于 { $day } 续签,已过期 { $late } 天(于 { $expired } 过期);现有效至 { $through }
agreement-renewed = { $title }:客户 { $customer } 于 { $day } 续签;有效至 { $through }
agreement-needed = { $title }:客户 { $customer } 于 { $day } 的“{ $event }”({ $kind })需要有效协议:{ $standing }
agreement-runs-out = { $title }:客户 { $customer } 的协议于 { $through } 后到期,未续签
standing-missing = 没有签订的协议
standing-not-yet = 自 { $from } 起才生效
standing-valid = 有效至 { $through }
standing-expired = 已于 { $through } 后过期
standing-no-signers = 没有可签字人
call-list = { $title }:最该联系的 { $n } 位客户中已联系 { $called } 位{ $missed }{ $outside }
call-list-missed = ;未联系:{ $customers }
call-list-missed-none = {""}
call-list-outside = ({ $customers } 仅在 { $from }-{ $to } 之外联系)
call-list-outside-none = {""}

## 发现:检查脚本。

check-not-evaluated = { $title }:未评估:载入剧本时没有脚本引擎(请用 `fieldbook::load` 载入)
check-said = { $title }:{ $said }
check-passed = 通过
check-failed = 未通过
check-error = 检查“{ $id }”{ $about }脚本出错{ $place }:{ $error }
check-about-event = (事件“{ $event }”)
check-about-none = {""}

## 日程事项。

agenda-title = { $title }
agenda-duty-at-least = { $title }({ $period ->
        [week] 本周
        [month] 本月
       *[quarter] 本季度
    }至少 { $times } 次)
agenda-focus = 重点客户:{ $groups }
detail-separator = ;
detail-from = { $at } 起
detail-may-from = 自 { $day } 起可做
detail-chair = 由{ $role }主持
detail-to = 提交至{ $role }
detail-note = { $note }
detail-place = 地点:{ $place }
detail-procedure = { $title }:{ $items }
detail-phase-note = { $title }:{ $note }
target-detail = { $window }{ $bounds }{ $whose }
target-both = 不少于 { $least },不多于 { $most }
target-tagged = (标签为 { $tags } 的客户)
target-tagged-none = {""}

## 结论与日程事项的种类。

status-pass = 通过
status-fail = 未通过
status-warning = 警告
status-pending = 待定
status-error = 出错
status-excused = 免责
kind-step = 步骤
kind-meeting = 会议
kind-report = 报告
kind-task = 任务
kind-target = 目标
kind-focus = 重点
kind-reminder = 提醒
kind-renewal = 续签
kind-call = 电话
kind-review = 复核
kind-candidate = 候选
