"""Rebuild ``zh_word_pairs.dat``: the Chinese word pairs that mark ordinary prose.

Not imported at run time. Run ``python -m kefu.shield._build_zh_pairs`` after
upgrading jieba or mnemonic. The file holds the adjacent character pairs of
jieba's dictionary words (every two-character word; three- and four-character words
with frequency >= 100, e.g. 莫名其妙) plus support-desk words jieba's 2015
dictionary lacks (区块链, 提币 …), when both characters are in a BIP39 Chinese word
list (traditional characters folded to the simplified character at the same list
index); sorted, concatenated and zlib-compressed. A random seed phrase rarely contains such a pair
(about 2 % of adjacent pairs), ordinary prose is full of them (about 40 %).
"""

from __future__ import annotations

import zlib
from importlib import resources
from pathlib import Path

from mnemonic import Mnemonic

OUTPUT = Path(__file__).with_name("zh_word_pairs.dat")
LONG_WORD_MIN_FREQUENCY = 100
# Words of blockchain support desks that jieba's dictionary predates.
DOMAIN_WORDS = """
区块链 区块 块链 提币 充币 币安 欧易 火币 钱包 助记词 私钥 公钥 公链 主网 跨链 合约 杠杆 爆仓 平仓
矿工费 手续费 客服 工单 投诉 冻结 解冻 提现 到账 充值 实名 认证 空投 质押 挖矿 代币 稳定币
交易所 链上 转账 哈希 地址 授权 签名 节点 网络 冷钱包 热钱包 资产 余额 账户 账号 验证码 人工
""".split()


def build() -> bytes:
    simplified = Mnemonic("chinese_simplified").wordlist
    traditional = Mnemonic("chinese_traditional").wordlist
    fold = {char: simplified[i] for i, char in enumerate(traditional)}
    fold.update({char: char for char in simplified})
    pairs: set[str] = set()
    dictionary = resources.files("jieba").joinpath("dict.txt").read_text(encoding="utf-8")
    words = list(DOMAIN_WORDS)
    for line in dictionary.splitlines():
        word, frequency = line.split(" ")[:2]
        if len(word) == 2 or (3 <= len(word) <= 4 and int(frequency) >= LONG_WORD_MIN_FREQUENCY):
            words.append(word)
    for word in words:
        for a, b in zip(word, word[1:], strict=False):
            if a in fold and b in fold:
                pairs.add(fold[a] + fold[b])
    return zlib.compress("".join(sorted(pairs)).encode("utf-8"), 9)


if __name__ == "__main__":
    OUTPUT.write_bytes(build())
    print(f"wrote {OUTPUT}")
