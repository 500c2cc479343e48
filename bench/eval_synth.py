"""The Faker `ja_JP` evaluation set: structured PII in varied Japanese sentences, person names
in honorific/label context, and bait sentences that must yield no structured finding.

Variants on top of the templates (which already glue values to kana): full-width digits and
letters, and a forced line break inside the value, as a PDF's line wrap would do.
"""

from __future__ import annotations

from collections.abc import Callable

from bench.eval_data import Dataset, Gold, Sample
from bench.synth_values import Values, digits, fullwidth, wareki

STRUCTURED = (
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "JP_POSTAL_CODE",
    "JP_MY_NUMBER",
    "JP_CORPORATE_NUMBER",
    "CREDIT_CARD",
    "JP_BANK_ACCOUNT",
    "JP_PASSPORT",
    "JP_DRIVER_LICENSE",
    "DATE_OF_BIRTH",
)
BANKS = ("みずほ銀行", "三菱UFJ銀行", "三井住友銀行", "りそな銀行", "横浜銀行")
BRANCHES = ("新宿支店", "渋谷支店", "梅田支店", "本店営業部", "横浜駅前支店", "名古屋支店")

# "{v}" is the value; other fields are filled from the generator. Templates glue the value to
# kana/kanji on purpose (a \b-anchored pattern misses those).
TEMPLATES: dict[str, tuple[str, ...]] = {
    "PHONE_NUMBER": (
        "電話番号：{v}",
        "TEL {v}（平日9時〜18時）",
        "ご不明な点は{v}までお問い合わせください。",
        "携帯{v}に折り返しご連絡ください。",
        "連絡先は{v}です。",
        "お客様センター（{v}）へお電話ください。",
    ),
    "EMAIL_ADDRESS": (
        "メール：{v}",
        "メールアドレスは{v}です。",
        "ご連絡は{v}までお願いします。",
        "E-mail: {v}",
        "{v}宛にご返信ください。",
        "連絡先（{v}）",
    ),
    "JP_POSTAL_CODE": (
        "〒{v} {addr}",
        "〒{v}",
        "郵便番号：{v}",
        "郵便番号 {v} {addr}",
        "住所 〒{v}{addr}",
    ),
    "JP_MY_NUMBER": (
        "個人番号：{v}",
        "マイナンバー {v}",
        "マイナンバー（個人番号）は{v}です。",
        "本人の個人番号 {v} を確認しました。",
        "個人番号{v}",
        "扶養親族の個人番号：{v}",
    ),
    "JP_CORPORATE_NUMBER": (
        "法人番号：{v}",
        "法人番号 {v}",
        "当社の法人番号は{v}です。",
        "{company}（法人番号{v}）",
        "適格請求書発行事業者登録番号：T{v}",
    ),
    "CREDIT_CARD": (
        "カード番号：{v}",
        "クレジットカード番号 {v}",
        "お支払い方法：クレジットカード（{v}）",
        "カード番号{v}、有効期限は12/28です。",
    ),
    "JP_BANK_ACCOUNT": (
        "振込先：{bank} {branch} 普通 {v}",
        "{bank}{branch} 普通預金 口座番号{v}",
        "口座番号：{v}",
        "当座 {v}（{bank} {branch}）",
        "お振込口座 {bank} {branch} 普通 {v}",
    ),
    "JP_PASSPORT": (
        "旅券番号：{v}",
        "パスポート番号 {v}",
        "旅券番号は{v}です。",
        "Passport No. {v}",
    ),
    "JP_DRIVER_LICENSE": (
        "運転免許証番号：{v}",
        "免許証番号 第{v}号",
        "運転免許証の番号{v}",
    ),
    "DATE_OF_BIRTH": (
        "生年月日：{v}",
        "生年月日 {v}（満{age}歳）",
        "{v}生まれ",
        "{v}生",
        "誕生日は{v}です。",
    ),
    "PERSON": (
        "氏名：{v}",
        "{v}様",
        "{v} 様",
        "{v}さんから電話がありました。",
        "担当者：{v}",
        "申請者 {v}",
        "{v}氏は昨年入社した。",
        "代表取締役 {v}",
        "契約者氏名 {v}",
        "宛先：{v}様",
        "お名前 {v}",
        "被保険者氏名　{v}",
    ),
}


def _split_point(value: str) -> int:
    """Where a line wrap would plausibly cut the value: after a separator near the middle."""
    mid = len(value) // 2
    seps = [i + 1 for i, c in enumerate(value) if c in "-－ 　@＠/" and 0 < i + 1 < len(value)]
    return min(seps, key=lambda i: abs(i - mid)) if seps else max(1, mid)


class SynthBuilder:
    def __init__(self, seed: int = 20250101) -> None:
        self.v = Values(seed)
        self.rng = self.v.rng

    def _value(self, etype: str) -> tuple[str, str, dict[str, str]]:
        v, fk = self.v, self.v.fk
        extra = {
            "addr": fk.address(),
            "company": fk.company(),
            "bank": self.rng.choice(BANKS),
            "branch": self.rng.choice(BRANCHES),
        }
        gen: dict[str, Callable[[], tuple[str, str]]] = {
            "PHONE_NUMBER": v.phone,
            "EMAIL_ADDRESS": v.email,
            "JP_POSTAL_CODE": v.postal,
            "JP_MY_NUMBER": v.my_number,
            "JP_CORPORATE_NUMBER": v.corporate,
            "CREDIT_CARD": v.credit_card,
            "JP_BANK_ACCOUNT": v.bank_account,
            "JP_PASSPORT": v.passport,
            "JP_DRIVER_LICENSE": v.driver_license,
            "PERSON": v.person,
        }
        if etype == "DATE_OF_BIRTH":
            value, tag, age = v.birth_date()
            extra["age"] = str(age)
            return value, tag, extra
        value, tag = gen[etype]()
        return value, tag, extra

    def sample(self, etype: str, i: int) -> Sample:
        value, tag, extra = self._value(etype)
        ti = self.rng.randrange(len(TEMPLATES[etype]))
        template = TEMPLATES[etype][ti]
        variant = self.rng.choice(("plain", "plain", "plain", "fullwidth", "wrap"))
        if variant == "fullwidth" and etype != "PERSON":
            value = fullwidth(value)
            extra = {k: fullwidth(x) if k == "age" else x for k, x in extra.items()}
        elif variant == "fullwidth":
            variant = "plain"
        head, tail = template.split("{v}")
        prefix, suffix = head.format(**extra), tail.format(**extra)
        start = end = len(prefix)
        end += len(value)
        text = prefix + value + suffix
        breaks = (start + _split_point(value),) if variant == "wrap" else ()
        # An account number is reported together with the bank and branch before it (issue 2),
        # so that is the gold span when the template puts them first.
        if etype == "JP_BANK_ACCOUNT" and "{bank}" in head:
            start = text.index(extra["bank"])
        kind = f"{etype}:{tag}:t{ti}:{variant}"
        return Sample(
            f"syn-{etype}-{i}",
            text,
            (Gold(start, end, etype),),
            (),
            "ja",
            kind,
            breaks,
        )

    def bait(self, i: int) -> Sample:
        v, r = self.v, self.rng
        amount = r.randint(1000, 99_999_999)
        day = v.fk.date_between(start_date="-5y", end_date="+2y")
        grouped = v.bad_my_number()
        cases = {
            "order-12d": f"注文番号：{v.bad_my_number()}",
            "inquiry-12d-grouped": f"お問い合わせ番号 {grouped[:4]}-{grouped[4:8]}-{grouped[8:]}",
            "mynumber-label-bad-cd": f"個人番号：{v.bad_my_number()}",
            "mynumber-spaced-bad-cd": f"マイナンバー {grouped[:4]} {grouped[4:8]} {grouped[8:]}",
            "corporate-bad-cd": f"法人番号 {v.bad_corporate()}",
            "jan-13d": f"JANコード {v.bad_corporate()}",
            "card-bad-luhn": f"カード番号：{v.bad_luhn()}",
            "amount": f"合計金額 {amount:,}円（税込）",
            "amount-yen": f"請求額 ￥{amount:,}-",
            "contract-date": f"契約日：{day.year}年{day.month}月{day.day}日",
            "expiry-wareki": f"有効期限 {wareki(day)}まで",
            "event-date": f"{day.year}年{day.month}月{day.day}日に説明会が開催された。",
            "issue-date": f"発行日 {day:%Y/%m/%d}",
            "form-mynumber-boxes": "個人番号　□□□□□□□□□□□□",
            "form-mynumber-underline": "個人番号（マイナンバー）：＿＿＿＿＿＿＿＿＿＿＿＿",
            "mynumber-card-copy": "マイナンバーカードの写しを添付してください。",
            "form-corporate": "法人番号（13桁）を記入してください。",
            "form-phone": "電話番号（　　　）　　　－",
            "form-dob": "生年月日　　　年　　月　　日",
            "form-postal": "郵便番号　〒　　　－",
            "form-email": "メールアドレス：＿＿＿＿＿＿＿＿",
            "ref-3-4": f"整理番号 {digits(r, 3)}-{digits(r, 4)}",
            "member-7d": f"会員番号 {digits(r, 7)}",
            "product-code": f"商品コード {r.choice(['AB', 'XK', 'QZ'])}-{digits(r, 5)}",
            "body": f"身長{r.randint(140, 190)}cm、体重{r.randint(40, 100)}kg",
            "percent": f"売上は前年比{r.randint(1, 40)}.{r.randint(0, 9)}%増加した。",
            "hours": "受付時間 9:00〜18:00（土日祝を除く）",
            "agm": f"第{r.randint(2, 120)}回定時株主総会の招集通知",
        }
        name = sorted(cases)[i % len(cases)]
        return Sample(f"bait-{i}", cases[name], (), (), "ja", f"bait:{name}")


def build(
    n_per_type: int = 100, n_bait: int = 280, n_person: int = 200, seed: int = 20250101
) -> tuple[Dataset, Dataset]:
    """(structured set incl. bait, person-name set); deterministic for a given seed."""
    b = SynthBuilder(seed)
    samples = [b.sample(t, i) for t in STRUCTURED for i in range(n_per_type)]
    samples += [b.bait(i) for i in range(n_bait)]
    people = tuple(b.sample("PERSON", i) for i in range(n_person))
    return (
        Dataset("synth_ja", tuple(samples), STRUCTURED),
        Dataset("synth_ja_person", people, ("PERSON",)),
    )
