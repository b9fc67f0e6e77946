"""Words that can begin or end a term candidate only by accident.

Interviews are spoken English and chatty Chinese: without these lists the most frequent "terms" would be
"you know", "I think" and 我认为. Two English lists because they fail differently: a function word never
starts or ends a term ("the model"), while a generic content word can sit inside or at the end of a
multi-word term ("real time", "scaling law") but is never a term on its own ("time", "law" is borderline
and so is left out). Evaluative adjectives (great, exciting) and verbs of telling (asked, joined) are
with the function words: they end up at the edge of a phrase ("joined OpenAI") and never make it a term.
Everyday abbreviations (CEO, PhD) behave like function words too, but are written in capitals, which
would otherwise make them look like product names; they have a list of their own.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ENGLISH_STOPWORDS: frozenset[str] = _words(
    """
    a about above across actually after again against ago ah all almost along already also although always am
    among an and another any anybody anyone anything anyway anywhere are aren around as at away back be
    became because become becomes been before behind being below beside besides between beyond both but by
    can cannot could couldn did didn do does doesn doing don done down during each eh either else enough
    especially etc even ever every everybody everyone everything everywhere exactly far few first for from
    further get gets getting go goes going gone gonna got gotta had hadn has hasn have haven having he her
    here hers herself hey him himself his hmm how however i if in indeed instead into is isn it its itself
    just kind kinda last least less let like likely lot lots made make makes making many may maybe me
    mean means meant might mine more most mostly much must my myself namely near nearly need needs neither
    never next no nobody none nor not nothing now nowhere of off often oh ok okay on once one ones only onto
    or other others otherwise ought our ours ourselves out over own per perhaps please pretty quite rather
    really right said same say saying says second see seem seemed seems seen several shall she should so
    some somebody somehow someone something sometimes somewhat somewhere sort still such sure take than
    thank thanks that the their theirs them themselves then there therefore these they thing things think
    this those though through thus till to together too toward towards truly um under unless until up upon
    us use used uses using very via want wanted wants was wasn way ways we well went were weren what
    whatever when whenever where whereas wherever whether which while who whoever whole whom whose why will
    with within without won would wouldn yeah yes yet you your yours yourself yourselves
    amazing awesome bad best better biggest cool crazy exciting fantastic good great huge important
    incredible interesting nice wonderful
    asked came come comes gave happened joined looked started took told
    """
)

ENGLISH_GENERIC: frozenset[str] = _words(
    """
    ability able access add added amazing answer answers area areas ask asked asking awesome bad basically
    best better big bit build building built business call called case cases certain change changes clear
    come comes coming company companies completely course create created day days deal different do easy
    end example examples fact feel felt fine find focus folks future general give given gives good great
    guess guy guys hard help high huge idea ideas important interesting job know knew large level life
    little long look looked looking lots love low main matter moment moments need new nice number numbers
    obviously open order part parts people person place play point points possible probably problem
    problems process put question questions quickly real reason reasons result results run running saw
    set short side simply small start started stuff super talk talked talking team tell terms
    time times today told top totally tried try trying turn understand work worked working works world
    year years yesterday creating writing
    one two three four five six seven eight nine ten twenty hundred thousand million billion trillion
    sound sounds decision decisions audience early late mid figure figures spot stuck dig bet bets
    """
)

# Everyday abbreviations (titles, degrees, economics): written in capitals like a product name, but
# vocabulary, so never a term nor the edge of one ("OpenAI CEO").
ENGLISH_ABBREVIATIONS: frozenset[str] = _words("ceo cfo cto coo vp gdp phd mba iq tv pc usa uk eu hr pr faq")

# Function words and conversational filler of the Chinese side; single characters that are nearly always
# grammatical (的, 了) are here too, so they never begin or end a candidate.
CHINESE_STOPWORDS: frozenset[str] = _words(
    """
    的 了 着 过 是 在 有 和 与 及 或 也 都 就 还 又 而 但 并 很 更 最 太 被 把 让 给 对 向 从 到 为 以 之 其 所 于 由
    我 你 您 他 她 它 们 这 那 哪 谁 啥 吗 呢 吧 啊 呀 嗯 哦 哈 嘛 么 个 些 种 样 次 点 里 上 下 中 内 外 前 后 时
    会 能 要 想 说 看 做 去 来 得 地 不 没 别 再 才 只 已 将 该 可 如 若 则 即 等 啦 喔 噢 诶 一 二 两 几 每 各 某 本
    我们 你们 他们 她们 它们 咱们 大家 自己 人们 这个 那个 这些 那些 这样 那样 这种 那种 这里 那里 这么 那么 一个 一些
    一种 一样 一下 一点 一直 一起 一定 一切 某种 某些 什么 怎么 怎样 如何 为什么 为何 哪些 哪个 多少 或者 还是 以及
    并且 而且 但是 可是 不过 然而 所以 因此 因为 由于 如果 假如 虽然 尽管 即使 然后 接着 于是 只是 就是 还有 而是
    非常 真的 真正 确实 其实 实际上 事实上 基本上 当然 可能 可以 能够 应该 需要 必须 已经 正在 曾经 现在 今天 目前
    当时 之前 之后 以后 以前 时候 东西 事情 方面 方式 情况 问题 部分 地方 很多 许多 所有 每个 任何 其他 其它 另外
    另一个 比如 例如 比如说 像是 好像 似乎 认为 觉得 知道 相信 希望 意思 意味着 我们的 你的 我的 他的 是的 对吧
    好的 嗯嗯 哈哈 没错 当然了 对的 好吧 也许 或许 大概 有点 有些 很大 很好 不是 没有 不会 不能 只要 只有 还要
    """
)

# Single characters that can start a term as a prefix (大模型, 超智能, 多模态); any other one-character word at
# the start of a Chinese n-gram is a preposition or measure word (用英语, 像Uber, 条短信).
CHINESE_PREFIXES: frozenset[str] = frozenset("大小超多非反元自总副半全准类伪子母次预后")
