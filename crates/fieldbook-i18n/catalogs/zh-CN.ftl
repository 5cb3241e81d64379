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
detail-moved = 由 { $day } 顺延({ $kind })
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

## 日程示例的表格。

agenda-heading = { $date } { $weekday ->
        [mon] 星期一
        [tue] 星期二
        [wed] 星期三
        [thu] 星期四
        [fri] 星期五
        [sat] 星期六
       *[sun] 星期日
    }:{ $day },{ $phase }
agenda-working-day = 工作日
agenda-day-off = 非工作日
agenda-phase = 阶段 { $id }({ $title })
agenda-no-phase = 无阶段
agenda-nothing-due = 无待办事项
agenda-away = 缺勤:{ $kind },{ $from } 至 { $to }
agenda-column-due = 时间
agenda-column-kind = 种类
agenda-column-what = 事项
agenda-column-refs = 出处

## 评估示例的表格。

evaluate-status = 结论
evaluate-rule = 规则
evaluate-refs = 出处
evaluate-person = 人员
evaluate-date = 日期
evaluate-message = 说明
evaluate-attainment = 达成率
evaluate-rejected = 第 { $line } 行被拒({ $id })
evaluate-no-id = 无编号

## 月度拜访计划示例的表格。

plan-heading = { $person } 的 { $month } 拜访计划:{ $requirements } 位客户的要求,每次拜访 { $visit } 分钟({ $source }),两次拜访间隔 { $travel } 分钟,{ $start } 至 { $end },每天 { $quota } 至 { $most } 次拜访
plan-week-header = {" "}周起始     |   一   二   三   四   五   六   日
plan-day = { $date } { $weekday ->
        [mon] 星期一
        [tue] 星期二
        [wed] 星期三
        [thu] 星期四
        [fri] 星期五
        [sat] 星期六
       *[sun] 星期日
    }:{ $visits } 次拜访,{ $ends } 结束
plan-all-met = 所有要求和每日定额均已满足。
plan-not-met = 未满足:
plan-tracker = 按计划运行跟踪器:{ $findings } 条发现,{ $failed } 条未通过{ $end }
plan-tracker-end-none = 。
plan-tracker-end-list = :
plan-more = ……另有 { $more } 条(--json 列出全部)

## 模拟器的月度汇总(终端)。

summary-line = { $month } · { $people } 人 · 种子 { $seed } · { $events } 条事件 · { $findings } 条发现
summary-attainment = 达成率 { $attainment }(通过 { $pass },未通过 { $fail },逾期 { $late },仍未结 { $open },免责 { $excused })
summary-per-rule = 各规则达成率
summary-rule = 规则
summary-refs = 出处
summary-pass = 通过
summary-fail = 未通过
summary-late = 逾期
summary-open = 未结
summary-attain = 达成率
summary-failed-most = 未通过最多的规则
summary-failed-line = { $n }. { $rule } [{ $refs }]:未通过 { $failures } 次(占其发现的 { $share }%)
summary-example = 例如:{ $example }
summary-per-phase = 各阶段(一天之内的发现按当天所在阶段;更长的窗口另列)
summary-phase = 阶段
summary-worst = 未通过最多
summary-per-person = 各人员
summary-lowest-highest = ({ $people } 人中达成率最低的 10 人和最高的 5 人)
summary-person = 人员
summary-attrs = 属性
summary-per-team = 各团队(按团队统计的定额;不计在负责人的那一行)
summary-team = 团队
summary-chief = 负责人
summary-members = 人数

## 模拟器的月度报告(report.html;值已做 HTML 转义)。

report-title = { $title }:模拟月份 { $month }
report-lead = 剧本 <b>{ $playbook }</b> · { $people } 人 · 种子 { $seed } · { $events } 条记录的事件 · { $findings } 条发现
report-what = <b>这是什么。</b>一个 { $people } 人的模拟团队按剧本的规则工作了 { $month } 整月:日常工作步骤、拜访、报告、会议和跟进,并带有真实的疏漏(病假、迟到、忘交报告、匆忙拜访、漏掉跟进)。随后引擎逐条检查每项规则,就像检查真实团队的记录一样。
report-how = <b>怎么看。</b>一条<i>发现</i>是一个结论:一项规则、一个人、一个时间窗(一天、一次拜访、一周、一个月)。结论为<i>通过</i>、<i>未通过</i>、<i>逾期</i>(报告在截止时间之后、宽限日之内提交)或仍<i>未结</i>(跨过月底的一周)。<i>达成率</i>是通过数占通过、未通过和逾期之和的比例。每项规则都注明它所依据的原文条目,例如 <span class="refs">T77-8</span>。
report-card-attainment = 总达成率
report-card-passed = 通过
report-card-failed = 未通过
report-card-late = 逾期完成
report-card-open = 月底仍未结
report-card-excused = 免责(缺勤日)
report-card-worst = 未通过最多的规则({ $failures } 次)
report-per-rule = 各规则达成率
report-per-rule-note = 每项规则一条横条:其发现中通过的比例。95% 及以上为绿色,80% 及以上为琥珀色,以下为红色。
report-rule = 规则
report-asks = 要求
report-source = 出处
report-pass = 通过
report-fail = 未通过
report-late = 逾期
report-open = 未结
report-attainment = 达成率
report-example = 未通过的例子
report-worst = 未通过最多
sort-step = 步骤
sort-duty = 周期工作
sort-checklist = 清单
sort-quota = 定额
sort-follow-up = 跟进
sort-check = 检查
report-daily = { $title }:每人每天
report-daily-minutes = (分钟)
report-daily-count = {""}
report-daily-note = 每个小图是一个人:蓝线是引擎测得的每个工作日的数值{ $unit }({ $refs }),红色虚线是规则对此人的最低要求;线下的点是未通过的日子,空缺是休息日。{ $more }
report-heat = 每人每天的未通过数
report-heat-note = 每个格子是一个人一天中未通过的发现数(步骤、每日定额、拜访、周期工作、跟进;不含每周和每月的规则)。白绿色:没有;红色越深越多,最多 { $max }。灰色列是休息日。最深的格子通常是病假:没有任何记录,所以当天每个步骤都未通过。{ $more }
report-per-phase = 月内各阶段
report-per-phase-note = 一天之内的时间窗按当天所在阶段统计;每周、每月和每季度的规则在最后一行。
report-phase = 阶段
report-per-person = 各人员
report-person = 人员
report-role = 角色
report-attributes = 属性
report-files = 文件
report-files-note = 本页旁边:<code>summary.csv</code>(每项规则一行)、发现(每条发现一行,附决定它的事件)和事件,以 Parquet 格式存放在 <code>findings/</code> 和 <code>events/</code> 中(使用 <code>--format text</code> 时为 <code>findings.csv</code> 和 <code>events.jsonl</code>,<code>cargo run --example evaluate</code> 读取它们和 <code>roster.json</code> 以重现这些发现),以及 <code>roster.json</code>{ $compare }。
report-files-compare = 、<code>compare.csv</code>(对比)
report-files-none = {""}
report-chart-days-below = 按低于线的天数分布的人数
report-axis-days-below = 低于线的天数
report-daily-shown = {""}显示低于线天数最多的 { $worst } 人和最少的 { $best } 人,共 { $total } 人;上面的图统计了所有人。
report-heat-shown = {""}显示未通过最多的 { $worst } 人,共 { $total } 人。
report-chart-attainment = 按达成率分布的人数
report-axis-attainment = 达成率,%
report-people-shown = 达成率最低的 { $worst } 人,然后是最高的 { $best } 人,共 { $total } 人;上面的图统计了所有人。
report-per-team = 各团队
report-per-team-note = 按团队统计一次的定额,统计该团队所有成员的事件;其发现归团队负责人,计在这里,而不计在上面负责人的那一行。
report-team = 团队
report-chief = 负责人
report-members = 人数
report-compare = 对比:{ $other } 与 { $base }
report-compare-note = 同样的人员、客户和种子,在第二个剧本下模拟。总达成率:{ $base } 下为 { $base_attainment },{ $other } 下为 { $other_attainment }。横条表示每项规则变化的百分点(绿色:在 { $other } 下更好)。
report-compare-chart = 各规则达成率的变化
report-only-in = 仅在 { $playbook } 中
report-change = 变化
report-absent = 无
report-judged = 判定 { $count } 条

## 剧本中的问题(目前是常见的几种;其余只有英文)。

problem-unknown-role = 未知角色 `{ $name }`({ $declared })
problem-unknown-phase = 未知阶段 `{ $name }`({ $declared })
problem-unknown-tag = 未知客户标签 `{ $name }`(customers.tags 中{ $declared })
problem-unknown-kind = 未知事件种类 `{ $name }`([event_kinds] 中{ $declared })
problem-unknown-field = 未知客户字段 `{ $name }`([customers.fields] 中{ $declared })
declared-none = 没有声明任何名称
declared-list = 已声明:{ $names }

## 随子项、证据内容和阶段定额而加(issue 14)。

step-but = { $finding };但 { $problem }
content-and = { $first };{ $rest }
content-unrecorded = 未记录 { $key },应为 { $wanted }
content-mismatch = { $key } 为 { $found },而非 { $wanted }
content-figure-wrong = { $field } 为 { $reported },当天的记录显示为 { $shown }
content-figure-missing = 缺少 { $field },当天的记录显示为 { $shown }
content-shortfall = { $actual_name }({ $actual })低于 { $planned_name }({ $planned }),但未填写 { $field }
content-no-list = 没有 { $kind } 列出当天的客户
content-off-list = 不在 { $kind } 的 `{ $list }` 名单上:{ $customers }
missing-item = { $title }
missing-item-min = { $title }(其子项至少 { $min } 项)
missing-item-subs = { $title }({ $subs })
when-phase = 自 { $start } 起的“{ $phase }”阶段内
checklist-item = { $title }
checklist-item-subs = { $title }【{ $subs }】
detail-among = 每次{ $kind_title }的客户都在{ $list_kind_title }的“{ $list_title }”之中
detail-figures = { $titles } 以当天记录为准
detail-shortfall = { $actual_title } 少于 { $planned_title } 时须填 { $field_title }

window-phase = 本阶段内

## 随按拜访频率评判而加(issue 14,T77-12)。

window-visit-frequency = 每个拜访频率周期内
when-visit-period = { $first } 至 { $last } 的{ $every ->
        [week] 每周
        [two_weeks] 每两周
       *[month] 每月
    }拜访周期内
target-listed = { $target },按{ $kind }的“{ $list_title }”逐个客户计
