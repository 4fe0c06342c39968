#!/usr/bin/env python3
"""Generate corpora/ja-posts.txt: short, casual Japanese SNS-style posts.

Every template and slot filler below was written for lstm-tui; no text is
copied from anywhere. The output is deterministic (fixed seed), so running

    python scripts/make_ja_posts.py

regenerates exactly the bundled file. One post per line; no real names
(only generic ones such as みんな, ファンのみなさん, 〇〇ちゃん).
"""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

SEED = 20240601
N_POSTS = 1000
OUT = Path(__file__).resolve().parent.parent / "corpora" / "ja-posts.txt"

# --------------------------------------------------------------------------
# Slot fillers
# --------------------------------------------------------------------------

FOODS = [
    "ラーメン",
    "オムライス",
    "カレー",
    "パンケーキ",
    "たこ焼き",
    "おにぎり",
    "唐揚げ",
    "ハンバーグ",
    "パスタ",
    "お寿司",
    "うどん",
    "おそば",
    "焼き肉",
    "親子丼",
    "餃子",
    "お好み焼き",
    "グラタン",
    "ナポリタン",
    "牛丼",
    "天ぷら",
    "肉じゃが",
    "鍋",
    "ｶﾚｰ",
    "ﾊﾝﾊﾞｰｸﾞ",
    "ピザ",
    "サンドイッチ",
    "焼きそば",
    "豚汁",
    "チャーハン",
    "ビビンバ",
    "担々麺",
    "冷やし中華",
    "生姜焼き",
    "卵かけごはん",
]
SWEETS = [
    "プリン",
    "いちごパフェ",
    "かき氷",
    "チーズケーキ",
    "クレープ",
    "シュークリーム",
    "ドーナツ",
    "どら焼き",
    "マカロン",
    "ﾌﾟﾘﾝ",
    "抹茶パフェ",
    "たい焼き",
    "ロールケーキ",
    "アイス",
    "みたらし団子",
    "バームクーヘン",
    "フルーツサンド",
    "モンブラン",
]
DRINKS = [
    "カフェラテ",
    "抹茶ラテ",
    "ほうじ茶ラテ",
    "レモンティー",
    "ココア",
    "アイスコーヒー",
    "ミルクティー",
    "ｶﾌｪﾗﾃ",
    "オレンジジュース",
    "麦茶",
    "甘酒",
]
FOOD_PLACES = [
    "駅前のカフェ",
    "近所の定食屋さん",
    "商店街のパン屋さん",
    "新しくできたお店",
    "いつものラーメン屋さん",
    "実家",
    "会場の近くのお店",
    "ホテルのレストラン",
    "スタッフさんおすすめのお店",
    "路地裏の喫茶店",
    "駅前のｶﾌｪ",
    "駅ナカのお店",
]
CITIES = {
    "大阪": ["たこ焼き", "串カツ", "お好み焼き"],
    "札幌": ["味噌ラーメン", "スープカレー", "ジンギスカン"],
    "福岡": ["もつ鍋", "豚骨ラーメン", "明太子"],
    "名古屋": ["ひつまぶし", "味噌カツ", "手羽先"],
    "広島": ["お好み焼き", "牡蠣", "もみじ饅頭"],
    "仙台": ["牛たん", "ずんだ餅", "笹かま"],
    "京都": ["湯豆腐", "抹茶パフェ", "おばんざい"],
    "沖縄": ["ソーキそば", "タコライス", "サーターアンダギー"],
    "金沢": ["海鮮丼", "金沢カレー", "和菓子"],
    "長崎": ["ちゃんぽん", "皿うどん", "カステラ"],
    "函館": ["塩ラーメン", "イカ刺し", "海鮮丼"],
    "神戸": ["神戸プリン", "そばめし", "中華まん"],
    "横浜": ["肉まん", "シウマイ", "ナポリタン"],
    "新潟": ["へぎそば", "タレカツ丼", "笹団子"],
    "高松": ["讃岐うどん", "骨付鳥", "うどん"],
    "鹿児島": ["黒豚とんかつ", "白くま", "さつま揚げ"],
}
CITY_NAMES = list(CITIES)
LIVE_NAMES = [
    "ワンマンライブ",
    "対バンライブ",
    "ツアーファイナル",
    "アコースティックライブ",
    "フリーライブ",
    "野外ライブ",
    "周年ライブ",
    "生誕祭",
    "ﾜﾝﾏﾝﾗｲﾌﾞ",
    "定期公演",
]
STAGE_TITLES = [
    "夜明けのパン屋",
    "星をひろう人",
    "さよなら、夏の駅",
    "月曜日の魔法使い",
    "雨上がりの約束",
    "海辺の郵便局",
    "灯台守の娘",
    "ひだまり荘の冬",
    "ガラスの鳥",
    "十二月の遊園地",
    "風の通り道",
    "坂の上のアトリエ",
]
EVENTS = [
    "握手会",
    "お渡し会",
    "トークイベント",
    "撮影会",
    "リリースイベント",
    "ファンミーティング",
    "サイン会",
    "お話し会",
]
STREAM_KINDS = [
    "雑談配信",
    "ゲーム配信",
    "歌枠",
    "作業配信",
    "料理配信",
    "お絵描き配信",
    "朝活配信",
    "質問コーナー配信",
    "ｹﾞｰﾑ配信",
    "同時視聴配信",
]
PHOTO_PLACES = [
    "公園",
    "海",
    "駅のホーム",
    "屋上",
    "川沿い",
    "商店街",
    "お寺",
    "植物園",
    "港",
    "図書館の前",
    "神社",
    "展望台",
    "ひまわり畑",
    "朝の交差点",
]
PHOTO_THINGS = [
    "夕焼け",
    "青空",
    "桜",
    "紫陽花",
    "紅葉",
    "雪景色",
    "虹",
    "月",
    "飛行機雲",
    "近所の猫",
    "星空",
    "朝焼け",
    "イルミネーション",
]
HOBBIES = [
    "映画",
    "ドラマ",
    "漫画",
    "本",
    "アニメ",
    "ラジオ",
    "パズル",
    "ゲーム",
    "ｱﾆﾒ",
]
WATCHABLES = ["映画", "ドラマ", "アニメ", "動画", "ドキュメンタリー", "ﾄﾞﾗﾏ"]
WEEKDAYS = "月火水木金土日"

# --------------------------------------------------------------------------
# Decorations
# --------------------------------------------------------------------------

KAOMOJI = [
    "(^^)",
    "(^^)",
    "(^_^)",
    "(*´ω｀*)",
    "(*´ω｀*)",
    "ｍ(_ _)ｍ",
    "m(_ _)m",
    "(≧▽≦)",
    "(´・ω・`)",
    "(^o^)/",
    "ヽ(*´∀｀)ノ",
    "(｀・ω・´)",
    "(>_<)",
    "(;_;)",
    "(*^^*)",
    "(^^ゞ",
    "(・∀・)",
    "(´；ω；｀)",
    "＼(^o^)／",
    "(*ﾟ▽ﾟ*)",
    "(ﾉ´∀｀*)",
    "(^^;",
    "(*´▽｀*)",
    "(o^^o)",
    "( ´ ▽ ` )",
    "(๑•̀ㅂ•́)و✧",
    "(´-ω-`)",
    "(T_T)",
]
EMOJI = {
    "general": ["✨", "😊", "💕", "🙏", "🎉", "🥰", "😆", "💪", "🌟", "😭", "🥺", "☺️", "👍"],
    "live": ["🎤", "🎶", "🎸", "🎉", "🔥", "✨", "🎫"],
    "stage": ["🎭", "✨", "🙏", "💐"],
    "event": ["🤝", "💌", "✨", "😊"],
    "stream": ["🎮", "📺", "🎧", "💻", "🌙"],
    "food": ["🍜", "🍙", "🍰", "🍛", "🍣", "🍓", "🍮", "🍳", "😋", "🍵"],
    "photo": ["📸", "📷", "🌇", "🌸", "🌈"],
    "weather": ["⛅", "☁️"],
    "travel": ["🚄", "✈️", "🧳", "🗺", "🏯", "🌊"],
    "thanks": ["🙏", "💕", "✨", "🎁", "😭"],
    "daily": ["😴", "🐱", "🌙", "☕", "🛁", "📚"],
}
HASHTAGS = {
    "live": ["#ライブ", "#ライブ告知", "#セトリ", "#ツアー", "#ライブハウス"],
    "stage": ["#舞台", "#観劇", "#稽古場", "#千穐楽", "#カーテンコール"],
    "event": ["#握手会", "#お渡し会", "#イベント", "#ありがとう"],
    "stream": ["#配信", "#生配信", "#アーカイブ", "#雑談配信", "#ゲーム配信"],
    "food": ["#今日のごはん", "#おうちごはん", "#飯テロ", "#グルメ", "#食べるの好き"],
    "photo": [
        "#写真好きな人と繋がりたい",
        "#今日の一枚",
        "#空",
        "#オフショット",
        "#フィルムカメラ",
        "#ファインダー越しの私の世界",
    ],
    "weather": ["#今日の空", "#雨", "#雪", "#梅雨", "#夏", "#秋", "#桜"],
    "travel": ["#旅行", "#一人旅", "#国内旅行", "#ご当地グルメ", "#旅の記録"],
    "thanks": ["#感謝", "#ありがとう", "#いつもありがとう"],
    "daily": ["#おはよう", "#おやすみ", "#朝活", "#日常", "#猫", "#散歩", "#休日"],
}
URL_PATHS = {
    "live": ["live", "tour", "ticket", "news"],
    "stage": ["stage", "ticket", "news", "info"],
    "event": ["event", "entry", "news", "info"],
    "stream": ["live", "ch", "watch", "archive"],
    "food": ["blog", "photo", "recipe"],
    "photo": ["photo", "gallery", "blog"],
    "weather": ["blog"],
    "travel": ["blog", "photo", "trip"],
    "thanks": ["news", "blog", "message"],
    "daily": ["blog"],
}
URL_WORDS = [
    "spring",
    "summer",
    "autumn",
    "winter",
    "tour",
    "final",
    "special",
    "day1",
    "day2",
    "osaka",
    "tokyo",
    "info",
    "ticket",
    "2024",
    "2025",
    "vol2",
    "vol3",
    "new",
]


def make_url(rng: random.Random, topic: str) -> str:
    host = rng.choice(["example.com", "example.com", "example.jp", "www.example.jp", "www.example.com"])
    path = rng.choice(URL_PATHS[topic])
    tail = rng.choice(
        [
            lambda: rng.choice(URL_WORDS),
            lambda: f"{rng.choice(URL_WORDS)}-{rng.choice(URL_WORDS)}",
            lambda: str(rng.randint(100, 99999)),
            lambda: f"{rng.choice(URL_WORDS)}/{rng.randint(1, 60)}",
            lambda: f"?id={rng.randint(1000, 9999)}",
        ]
    )()
    sep = "" if tail.startswith("?") else "/"
    return f"https://{host}/{path}{sep}{tail}"


# --------------------------------------------------------------------------
# Slot helpers
# --------------------------------------------------------------------------


def date(rng: random.Random) -> str:
    m = rng.randint(1, 12)
    d = rng.randint(1, 28)
    style = rng.random()
    if style < 0.5:
        return f"{m}月{d}日({rng.choice(WEEKDAYS)})"
    if style < 0.8:
        return f"{m}/{d}({rng.choice(WEEKDAYS)})"
    return f"{m}月{d}日"


def clock(rng: random.Random, lo: int = 10, hi: int = 22) -> str:
    h = rng.randint(lo, hi)
    mm = rng.choice(["00", "00", "30", "15", "45"])
    return f"{h}:{mm}" if rng.random() < 0.7 else (f"{h}時" if mm == "00" else f"{h}時半")


def open_start(rng: random.Random) -> tuple[str, str]:
    h = rng.randint(16, 19)
    return f"{h}:00", f"{h}:30" if rng.random() < 0.5 else f"{h + 1}:00"


def slot_values(rng: random.Random) -> dict[str, str]:
    """One set of slot values per post, so that two lines agree (same city, same show)."""
    city = rng.choice(CITY_NAMES)
    food2 = rng.choice(FOODS)
    food = rng.choice([f for f in FOODS if f != food2])
    op, st = open_start(rng)
    price = rng.choice([500, 800, 1000, 1200, 1500, 2000, 3000, 3500, 4000])
    values = {
        "food": food,
        "food2": food2,
        "sweets": rng.choice(SWEETS),
        "drink": rng.choice(DRINKS),
        "fplace": rng.choice(FOOD_PLACES),
        "city": city,
        "local": rng.choice(CITIES[city]),
        "live": rng.choice(LIVE_NAMES),
        "title": rng.choice(STAGE_TITLES),
        "event": rng.choice(EVENTS),
        "stream": rng.choice(STREAM_KINDS),
        "pplace": rng.choice(PHOTO_PLACES),
        "thing": rng.choice(PHOTO_THINGS),
        "hobby": rng.choice(HOBBIES),
        "date": date(rng),
        "time": clock(rng),
        "night": clock(rng, 19, 23),
        "open": op,
        "start": st,
        "n": str(rng.randint(2, 9)),
        "nday": str(rng.randint(2, 30)),
        "k": str(rng.choice([1, 2, 3, 5, 10, 20, 30])),
        "price": f"{price}円",
        "price2": f"{price + 500}円",
        "hot": str(rng.randint(30, 38)),
        "watch": rng.choice(WATCHABLES),
        "year": str(rng.randint(1, 10)),
    }
    return values


# --------------------------------------------------------------------------
# Templates: openers, bodies, closers per topic
# --------------------------------------------------------------------------

# Greetings and closers are keyed by time of day so that a post never opens
# with おはよう and closes with おやすみ.
GREETINGS = {
    "morning": [
        "おはようございます！",
        "おはようございます☀",
        "おはよー！",
        "おはよ〜",
        "おはようございます!",
        "朝です！",
        "みなさんおはようございます。",
    ],
    "day": ["こんにちは！", "こんにちは(^^)", "昼休み中です。", "こんにちは〜", "お昼です！"],
    "night": [
        "こんばんは！",
        "こんばんは〜",
        "みなさんこんばんは🌙",
        "こんばんは!",
        "ただいま〜！",
        "夜分にすみません。",
    ],
    "any": [
        "やっほー！",
        "おつかれさまです！",
        "お疲れさまです〜",
        "みんな元気？",
        "ﾔｯﾎｰ!",
        "どうもです！",
        "ひとりごと。",
        "ちょっと聞いて！",
    ],
}
ANNOUNCE = [
    "【お知らせ】",
    "【告知】",
    "お知らせです📢",
    "【重要】",
    "みなさんにお知らせです！",
    "【解禁】",
    "発表です！",
    "【出演情報】",
    "告知させてください🙏",
    "【情報解禁】",
]

# BODIES[topic] is a list of groups. A post takes one or two lines from the
# same group. kind: "announce" (forward-looking news, may get 【お知らせ】
# and 待ってます-style closers), "report" (looking back) or "plain".
# tod fixes the time of day; tags overrides the topic hashtags.
BODIES: dict[str, list[dict]] = {
    "live": [
        {
            "kind": "announce",
            "lines": [
                "{date}は{city}で{live}です！",
                "{live}のチケット、{date}から一般発売です🎫",
                "本日{live}！{open}開場、{start}開演です。",
                "新曲、はじめて披露します🎤",
                "物販は{time}からです。お早めにどうぞ。",
                "{live}まであと{n}日！",
                "チケットはまだ少しだけあります。",
                "前売り{price}、当日{price2}です。",
                "ツアーの追加公演が決まりました！",
                "{city}は初めてなのでとても楽しみです。",
                "{live}の配信チケットも発売中です。",
                "{date}、{city}のライブハウスでお待ちしています。",
                "{live}の先行抽選、今日の{night}からです。",
                "整理番号順の入場になります。",
            ],
        },
        {
            "kind": "report",
            "lines": [
                "{city}公演ありがとうございました！みんなの声、ちゃんと届いてたよ。",
                "アンコールの声、うれしかったです。",
                "ライブ終わりました。楽しかった〜！",
                "声出しありのライブ、やっぱり最高ですね。",
                "今日来てくれたみなさん、本当にありがとう！",
                "サイリウムの光がきれいすぎて泣きそうになった。",
                "次のライブも絶対楽しくするので待っててください。",
                "終演後のごはんがしみる…",
                "最後の曲、みんなの顔を見てたら泣きそうだった。",
            ],
        },
        {
            "kind": "plain",
            "lines": [
                "{live}のセットリスト考え中…",
                "リハーサル終わりました！本番まであと少し。",
                "今日の衣装はこんな感じ！",
                "{city}のみなさん、ただいま！",
                "ライブハウスの前に着きました。ドキドキする。",
                "リハ中の一枚。",
                "喉のケアしながら明日に備えます。",
                "新曲の振り付け、やっと覚えた！",
            ],
        },
    ],
    "stage": [
        {
            "kind": "announce",
            "lines": [
                "舞台「{title}」、{date}から開幕します！",
                "当日券あります！",
                "配信チケットも販売中です。",
                "舞台「{title}」に出演します。",
                "舞台「{title}」、残り{n}公演です。",
                "劇場でお待ちしています。",
                "舞台「{title}」のチケット、{date}から発売です。",
                "今日は昼夜2公演。がんばります！",
                "ネタバレになるので詳しくは言えないけど、二幕が見どころです。",
            ],
        },
        {
            "kind": "report",
            "lines": [
                "舞台「{title}」、無事に千穐楽を迎えました。",
                "最後まで見守ってくださってありがとうございました。",
                "カーテンコールで泣きそうになった。",
                "マチネありがとうございました。ソワレもがんばります。",
                "今日の回は客席の反応がすごくあたたかかった。",
                "初日の幕が上がりました！",
                "観に来てくれたみなさん、感想ありがとうございます。",
                "ゲネプロ終わりました！",
                "共演者のみなさんと差し入れの{sweets}をいただきました。",
            ],
        },
        {
            "kind": "plain",
            "lines": [
                "稽古{nday}日目。セリフがやっと体に入ってきた。",
                "本番前の楽屋より。緊張してるけど楽しみ！",
                "稽古場の空気がすごくあたたかいです。",
                "衣装合わせしてきました。かわいすぎる…！",
                "立ち稽古が始まりました。",
                "台本を読むたびに新しい発見があります。",
                "稽古帰りに{drink}でひと息。",
            ],
        },
    ],
    "event": [
        {
            "kind": "announce",
            "lines": [
                "{date}は{event}です！会いに来てくれるとうれしいな。",
                "{event}の参加券はこちらをチェックしてください。",
                "{event}の受付は{time}からです。",
                "{event}の整理券は会場で配布します。",
                "{date}に{city}で{event}をやります！",
                "{event}の応募は{date}までです。",
            ],
        },
        {
            "kind": "report",
            "lines": [
                "{event}ありがとうございました！たくさんお話しできて楽しかった。",
                "お手紙もありがとう。帰りの電車で全部読みました。",
                "寒い中並んでくれてありがとう。",
                "暑い中並んでくれて本当にありがとう。",
                "はじめましての方もたくさんいてうれしかったです。",
                "{event}、今日は{n}部までありがとう！",
                "みんなの笑顔が見られて元気が出ました。",
                "〇〇ちゃんも来てくれてうれしかった！",
                "ファンのみなさんとたくさん話せて幸せな一日でした。",
                "おそろいのグッズ、うれしかったです。",
            ],
        },
        {
            "kind": "plain",
            "lines": [
                "久しぶりの{event}、緊張する〜",
                "次の{event}はどこになるかな？",
                "{event}の前にしっかり腹ごしらえ。",
                "{event}で何話そうか考えてたら眠れない。",
            ],
        },
    ],
    "stream": [
        {
            "kind": "announce",
            "lines": [
                "今夜{night}から{stream}します！",
                "{stream}するので質問送ってください。",
                "配信の待機所できました。",
                "あと{k}分で始まります！",
                "明日の{night}から配信です。",
                "配信の時間、変更になりました。{night}からです。",
                "週末は長めの{stream}やる予定です。",
                "今日は{stream}！",
            ],
        },
        {
            "kind": "report",
            "lines": [
                "配信見てくれてありがとう！コメント全部読んでるよ。",
                "アーカイブ残ってます。",
                "今日の配信、めちゃくちゃ楽しかった。",
                "同接{k}00人ありがとうございます！",
                "機材トラブルで遅れてごめんなさい。",
                "見逃した人はアーカイブでどうぞ。",
            ],
        },
        {
            "kind": "plain",
            "lines": [
                "急だけど今から配信しようかな。",
                "リクエストあったらコメントで教えてね。",
                "眠くなってきたのでそろそろ終わります。",
                "マイクを新しくしました。音どうかな？",
                "初見さんもいらっしゃい！",
            ],
        },
    ],
    "food": [
        {
            "kind": "plain",
            "lines": [
                "{fplace}の{food}、めっちゃおいしかった！",
                "今日は自分で{food}作ってみた。",
                "{food}食べたい気分。",
                "差し入れで{sweets}いただきました。",
                "{food}と{food2}、どっちにしよう…",
                "{fplace}で{drink}飲んでます。",
                "おやつは{sweets}！",
                "{sweets}、{price}でこのボリュームはすごい。",
                "{food}大盛りにしちゃった。",
                "久しぶりに{fplace}に行ってきました。",
                "{drink}と{sweets}でひと休み。",
                "新作の{sweets}、甘さひかえめでおいしい。",
                "{food}の写真見てたらお腹すいてきた。",
                "{fplace}の{sweets}、売り切れ寸前でギリギリ買えた！",
                "ダイエットは明日から…",
                "母の{food}が食べたくなる季節。",
                "{food}にチーズのせたら正解だった。",
            ],
        },
        {
            "kind": "plain",
            "tod": "morning",
            "tags": ["#朝ごはん", "#お弁当", "#今日のごはん"],
            "lines": [
                "朝ごはんに{food}食べた。",
                "お弁当作りました。今日は{food}。",
                "朝は{drink}がないと始まらない。",
                "早起きしてホットケーキ焼きました。",
            ],
        },
        {
            "kind": "plain",
            "tod": "day",
            "lines": [
                "お昼は{food}でした。",
                "ランチは{fplace}で{food}。",
                "午後のおやつに{sweets}。",
            ],
        },
        {
            "kind": "plain",
            "tod": "night",
            "tags": ["#今日のごはん", "#おうちごはん", "#飯テロ"],
            "lines": [
                "晩ごはんは{food}にしました。",
                "夜中の{food}は最高。",
                "夜ごはん、{food}作りすぎた。",
                "この時間に{food}の話をするのはずるい。",
            ],
        },
    ],
    "photo": [
        {
            "kind": "plain",
            "lines": [
                "今日の一枚📸",
                "{pplace}で撮った写真。",
                "{thing}がきれいだったので思わず撮った。",
                "オフショット載せます。",
                "フィルムカメラで撮ってみました。",
                "メンバーに撮ってもらった。",
                "{pplace}で見た{thing}、最高でした。",
                "写真フォルダ見返してたら懐かしいの出てきた。",
                "スマホの待ち受けにしました。",
                "{thing}と一緒に。",
                "加工なしでこの色です。",
                "撮影の合間にパシャリ。",
                "お気に入りの一枚です。",
                "今日の私服です。",
                "{pplace}を散歩しながら何枚か撮りました。",
                "逆光だけど雰囲気あるから載せちゃう。",
                "ブレてるけど楽しさは伝わるはず。",
                "新しいカメラ買いました！",
            ],
        },
    ],
    "weather": [
        {
            "kind": "plain",
            "tags": ["#今日の空", "#晴れ"],
            "emoji": ["☀️", "🌈", "👕"],
            "lines": [
                "今日はいい天気ですね。",
                "洗濯物がよく乾きそうな天気。",
                "ひさしぶりに晴れた！",
                "青空が気持ちいい。",
                "虹が出てた！見た人いる？",
            ],
        },
        {
            "kind": "plain",
            "tags": ["#雨", "#梅雨"],
            "emoji": ["☔", "🌧", "🐌"],
            "closers": ["みんなも気をつけてね。", "足元に気をつけてね。"],
            "lines": [
                "雨すごい…みなさん気をつけてください☔",
                "今日は一日中雨でした。",
                "梅雨入りしたみたいですね。",
                "傘忘れた…",
                "夕方から雨の予報なので傘持っていってください。",
                "雷すごかったけど大丈夫でしたか？",
                "雨の音を聞きながらのんびりしてます。",
            ],
        },
        {
            "kind": "plain",
            "tags": ["#夏", "#今日の空"],
            "emoji": ["☀️", "🍧", "🌻", "💦"],
            "closers": ["みんなも気をつけてね。", "熱中症に気をつけてね。"],
            "lines": [
                "暑すぎる！水分補給してくださいね。",
                "今日は最高気温{hot}度だって。",
                "今年はじめて半袖で出かけました。",
                "セミが鳴き始めた。",
                "台風が近づいてるので無理しないでください。",
            ],
        },
        {
            "kind": "plain",
            "tags": ["#秋", "#今日の空"],
            "emoji": ["🍁", "🍂", "🌰"],
            "lines": [
                "空が高くて秋っぽい。",
                "金木犀のにおいがしてきた。",
                "朝晩冷えるようになってきました。風邪ひかないでね。",
                "風が強くて前髪がぐちゃぐちゃ。",
                "霧がすごくて幻想的でした。",
            ],
        },
        {
            "kind": "plain",
            "tags": ["#雪", "#冬"],
            "emoji": ["❄️", "⛄", "🧣"],
            "closers": ["みんなも気をつけてね。", "あったかくして寝てね。"],
            "lines": [
                "雪降ってる！",
                "手がかじかむ寒さです。あったかくしてね。",
                "今朝は氷点下だったみたい。",
                "道が凍ってるので足元に気をつけてください。",
            ],
        },
        {
            "kind": "plain",
            "tags": ["#桜", "#春"],
            "emoji": ["🌸", "🌷", "🍡"],
            "lines": [
                "桜が咲いてた🌸",
                "春の風って感じ。",
                "花粉がつらい…",
                "ぽかぽか陽気でお昼寝したくなる。",
            ],
        },
    ],
    "travel": [
        {
            "kind": "plain",
            "lines": [
                "{city}に来ました！",
                "{city}旅行{n}日目。",
                "新幹線なう🚄",
                "{city}のおすすめ教えてください！",
                "{city}名物の{local}食べた！",
                "お土産買いすぎた。",
                "{city}の{local}、本当においしかった。",
                "空港に着きました。",
                "ホテルの窓からの景色がすごい。",
                "{city}は思ったより寒かったです。",
                "朝から{city}の街を散歩。",
                "ご当地の{local}、お土産にしました。",
                "夜行バスで{city}まで行ってきました。",
                "また絶対{city}に来たい。",
                "{city}駅に着いたら雨だった。",
                "今回の旅の目的は{local}です。",
                "レンタサイクルで{city}をぐるっと回りました。",
                "温泉でのんびりしてます♨",
            ],
        },
        {
            "kind": "report",
            "lines": [
                "旅行から帰ってきました。楽しかった〜",
                "{city}から帰る電車の中です。",
                "旅の写真、少しずつ載せていきます。",
                "{city}で買った{local}、家族にも好評でした。",
            ],
        },
    ],
    "thanks": [
        {
            "kind": "report",
            "lines": [
                "フォロワー{k}万人ありがとうございます！",
                "誕生日のお祝いメッセージありがとうございます。",
                "いつも応援ありがとうございます。",
                "たくさんのリプありがとう！全部読んでます。",
                "プレゼントありがとう！大切に使います。",
                "活動{year}周年を迎えました。",
                "みなさんのおかげで今日も楽しかったです。",
                "ファンのみなさんがいるからがんばれます。",
                "温かい言葉をたくさんありがとう。",
                "お祝いのお花、ありがとうございました💐",
                "昨日はありがとうございました。",
                "感想のお手紙、うれしくて何回も読んじゃった。",
                "みんなのおかげで夢がひとつ叶いました。",
                "応援してくれる人がいるって、本当に幸せなことですね。",
                "心配してくれてありがとう。もう元気です！",
                "スタッフのみなさんにも感謝です。",
            ],
        },
    ],
    "daily": [
        {
            "kind": "plain",
            "tod": "morning",
            "tags": ["#おはよう", "#朝活"],
            "lines": [
                "今日も一日がんばろう。",
                "今起きた。",
                "朝活してきました。",
                "月曜日ですね。",
                "目覚ましより早く起きられた！",
                "朝の散歩、気持ちよかった。",
                "寝ぐせがすごいことになってる。",
            ],
        },
        {
            "kind": "plain",
            "tod": "night",
            "tags": ["#おやすみ", "#夜更かし"],
            "lines": [
                "お風呂入って寝ます。",
                "明日は早起きなのでもう寝ます。",
                "{watch}見てたらこんな時間…",
                "眠れないので少しだけ{hobby}の話をさせてください。",
                "今日もおつかれさまでした。",
                "レッスン終わり。くたくたです。",
                "夜ふかししちゃいそう。",
            ],
        },
        {
            "kind": "plain",
            "tags": ["#日常", "#休日"],
            "lines": [
                "週末なにする？",
                "散歩してたら猫に会った🐱",
                "部屋の掃除してたら一日終わった。",
                "最近ハマってる{hobby}があるんだけど、みんなのおすすめも知りたい。",
                "今日はオフなのでゆっくりします。",
                "ジム行ってきた。筋肉痛になりそう。",
                "髪切りました！",
                "新しい{watch}、一気に見ちゃった。",
                "電車で寝過ごした…",
                "今日は何の日？",
                "ネイル変えました💅",
                "明日から{n}連休！",
                "休みの日は何してますか？",
                "スマホの充電が{n}%しかない…",
                "近所の猫がまた遊びに来てくれた。",
                "今日は久しぶりに実家に帰ります。",
                "観葉植物に新しい葉っぱが出てきた。",
            ],
        },
    ],
}

CLOSERS: dict[str, list[str]] = {
    "morning": [
        "今日も一日がんばりましょう！",
        "いい一日になりますように。",
        "いってきます！",
        "今日もよろしくお願いします！",
    ],
    "night": [
        "おやすみなさい🌙",
        "おやすみなさい。",
        "今日もおつかれさまでした！",
        "おやすみ〜",
        "また明日！",
        "いい夢を。",
    ],
    "any": [
        "みなさんも楽しい週末を！",
        "またね〜",
        "ではでは！",
        "またね!",
        "以上、ひとりごとでした。",
        "今日もがんばろ〜",
        "なんでもない日だけど、いい日。",
        "それだけです笑",
    ],
    "announce": [
        "ぜひ来てください！",
        "待ってます！",
        "チェックしてくださいね〜",
        "楽しみにしててください！",
        "応援よろしくお願いします！！",
        "気をつけて来てくださいね。",
        "詳しくはこちら👇",
        "会いに来てね！",
        "ぜひ見に来てください！",
        "ご予約はお早めに！",
        "お待ちしています！",
        "ぜひチェックしてください！",
        "たくさんの方に届きますように。",
        "拡散してもらえるとうれしいです🙏",
        "よろしくお願いします!!",
        "またお知らせします！",
    ],
    "report": [
        "本当にありがとうございました！",
        "みんなありがとう！",
        "また会おうね！",
        "楽しかった〜！",
        "ありがとうございました！",
        "これからもよろしくね！",
        "感想待ってます♪",
        "感想聞かせてください！",
        "幸せな時間でした。",
        "これからもよろしくお願いします！",
    ],
    "ask": [
        "みんなは何してた？",
        "みなさんはどうですか？",
        "みんなは最近どう？",
    ],
    "food": [
        "ごちそうさまでした！",
        "幸せ〜",
        "また行きたい。",
        "おいしかった〜！",
        "カロリーは気にしない！",
        "みんなは今日なに食べた？",
        "最高でした。",
    ],
}

TOPIC_WEIGHTS = {
    "live": 12,
    "stage": 9,
    "event": 8,
    "stream": 10,
    "food": 14,
    "photo": 9,
    "weather": 10,
    "travel": 10,
    "thanks": 9,
    "daily": 12,
}

# --------------------------------------------------------------------------
# Width mixing
# --------------------------------------------------------------------------


def _build_halfwidth_map() -> dict[str, str]:
    table: dict[str, str] = {}
    for cp in range(0xFF61, 0xFFA0):
        hw = chr(cp)
        fw = unicodedata.normalize("NFKC", hw)
        if len(fw) == 1 and "\u30a0" <= fw <= "\u30ff":
            table.setdefault(fw, hw)
    for cp in range(0x30A1, 0x30FB):
        fw = chr(cp)
        if fw in table:
            continue
        base, *marks = unicodedata.normalize("NFD", fw)
        if base in table and marks == ["\u3099"]:
            table[fw] = table[base] + "ﾞ"
        elif base in table and marks == ["\u309a"]:
            table[fw] = table[base] + "ﾟ"
    return table


HALFWIDTH = _build_halfwidth_map()
KATAKANA_RUN = re.compile(r"[\u30a1-\u30fa\u30fc]{2,}")
FULL_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def to_halfwidth_katakana(rng: random.Random, text: str) -> str:
    runs = list(KATAKANA_RUN.finditer(text))
    if not runs:
        return text
    m = rng.choice(runs)
    converted = "".join(HALFWIDTH.get(c, c) for c in m.group())
    return text[: m.start()] + converted + text[m.end() :]


def mix_widths(rng: random.Random, text: str) -> str:
    if rng.random() < 0.15:
        text = text.translate(FULL_DIGITS)
    if rng.random() < 0.12:
        text = to_halfwidth_katakana(rng, text)
    r = rng.random()
    if r < 0.2:
        text = text.replace("！", "!").replace("？", "?")
    elif r < 0.3:
        text = text.replace("!", "！").replace("?", "？")
    return text


# --------------------------------------------------------------------------
# Post assembly
# --------------------------------------------------------------------------


def decorate_tail(rng: random.Random, topic: str, group: dict) -> str:
    bits = []
    r = rng.random()
    if r < 0.3:
        bits.append(rng.choice(KAOMOJI))
    elif r < 0.6:
        pool = group.get("emoji", EMOJI[topic]) + EMOJI["general"]
        bits.append("".join(rng.sample(pool, rng.choice([1, 1, 2, 3]))))
    elif r < 0.7:
        bits.append(rng.choice(["笑", "ｗ", "www", "(笑)", "♪", "〜♪"]))
    return "".join(bits)


def make_post(rng: random.Random) -> str:
    topic = rng.choices(list(TOPIC_WEIGHTS), weights=list(TOPIC_WEIGHTS.values()))[0]
    groups = BODIES[topic]
    group = rng.choices(groups, weights=[len(g["lines"]) for g in groups])[0]
    kind = group["kind"]
    tod = group.get("tod") or rng.choice(["morning", "day", "night", "night", None])
    parts: list[str] = []

    if kind == "announce" and rng.random() < 0.5:
        parts.append(rng.choice(ANNOUNCE))
    elif rng.random() < 0.4:
        pool = GREETINGS["any"] if tod is None or rng.random() < 0.25 else GREETINGS[tod]
        parts.append(rng.choice(pool))

    lines = group["lines"]
    values = slot_values(rng)
    first = rng.choice(lines)
    parts.append(first.format(**values))
    if len(lines) > 1 and rng.random() < 0.45:
        parts.append(rng.choice([b for b in lines if b != first]).format(**values))

    r = rng.random()
    timed = CLOSERS.get(tod or "any", CLOSERS["any"])
    if kind == "announce":
        if r < 0.75:
            parts.append(rng.choice(CLOSERS["announce"]))
    elif kind == "report" and r < 0.5:
        parts.append(rng.choice(CLOSERS["report"]))
    elif topic == "food" and r < 0.45:
        parts.append(rng.choice(CLOSERS["food"]))
    elif "closers" in group and r < 0.4:
        parts.append(rng.choice(group["closers"]))
    elif r < 0.6:
        r2 = rng.random()
        if r2 < 0.3:
            parts.append(rng.choice(CLOSERS["ask"]))
        elif r2 < 0.7:
            parts.append(rng.choice(timed))
        else:
            parts.append(rng.choice(CLOSERS["any"]))

    joiner = rng.choice(["", "", "", " ", "　"])
    text = joiner.join(parts)
    text = mix_widths(rng, text)
    text += decorate_tail(rng, topic, group)

    extras = []
    if rng.random() < 0.5:
        tags = group.get("tags", HASHTAGS[topic])
        extras.extend(rng.sample(tags, rng.choice([1, 1, 2])))
    url_p = {"announce": 0.65, "report": 0.2}.get(kind, 0.1)
    if rng.random() < url_p:
        extras.append(make_url(rng, topic))
    if extras:
        rng.shuffle(extras)
        text += " " + " ".join(extras)
    return text.strip()


def generate(n: int = N_POSTS, seed: int = SEED) -> list[str]:
    rng = random.Random(seed)
    seen: set[str] = set()
    posts: list[str] = []
    while len(posts) < n:
        p = make_post(rng)
        if p in seen:
            continue
        seen.add(p)
        posts.append(p)
    return posts


def main() -> None:
    posts = generate()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(posts) + "\n", encoding="utf-8", newline="\n")
    text = OUT.read_text(encoding="utf-8")
    print(f"wrote {OUT}: {len(posts)} posts, {len(text)} characters")


if __name__ == "__main__":
    main()
