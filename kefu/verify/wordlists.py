"""Curated word lists: allowlisted sites, free-mail providers, affix keywords, generic brand words.

These are judgement calls, kept small and explicit so that a reviewer can see
why something was (not) flagged. Extend them through the registry JSON
(``"allowlist"``) rather than here when the change is deployment-specific.
"""

from __future__ import annotations

# Registrable domains that are never flagged: block explorers, large sites,
# hosting platforms whose accounts are judged by path, not by host.
ALLOWLIST: frozenset[str] = frozenset(
    """
    etherscan.io bscscan.com tronscan.org tronscan.io mempool.space blockchair.com solscan.io
    polygonscan.com arbiscan.io optimistic.etherscan.io basescan.org snowtrace.io ftmscan.com
    blockstream.info btc.com oklink.com tonscan.org tonviewer.com explorer.solana.com
    google.com google.com.hk gmail.com youtube.com github.com github.io gitlab.com apple.com
    icloud.com microsoft.com outlook.com live.com hotmail.com office.com bing.com x.com
    twitter.com t.me telegram.org telegram.me telegram.dog box.com dropbox.com baidu.com qq.com
    weixin.qq.com wechat.com zhihu.com weibo.com weibo.cn taobao.com tmall.com jd.com
    alipay.com aliyun.com alibaba.com 163.com 126.com sina.com sina.com.cn sohu.com bilibili.com
    douyin.com tiktok.com toutiao.com csdn.net amazon.com aws.amazon.com cloudflare.com
    facebook.com instagram.com whatsapp.com linkedin.com reddit.com medium.com wikipedia.org
    yahoo.com proton.me protonmail.com mozilla.org python.org npmjs.com stackoverflow.com
    coingecko.com coinmarketcap.com defillama.com dune.com uniswap.org ethereum.org bitcoin.org
    fox.com ok.com ox.com bbc.com bbc.co.uk nytimes.com cnn.com paypal.com visa.com
    mastercard.com netflix.com spotify.com zoom.us notion.so notion.site linktr.ee discord.com
    discord.gg slack.com line.me kakao.com naver.com yandex.ru mail.ru vk.com foxmail.com
    """.split()
)

# Free e-mail providers: anyone can register any local part there.
FREE_MAIL: frozenset[str] = frozenset(
    """
    gmail.com googlemail.com outlook.com hotmail.com live.com msn.com yahoo.com yahoo.co.jp
    icloud.com me.com qq.com foxmail.com 163.com 126.com yeah.net sina.com sina.cn sohu.com
    aliyun.com 139.com proton.me protonmail.com pm.me gmx.com gmx.de mail.com mail.ru yandex.ru
    yandex.com aol.com zoho.com tutanota.com naver.com
    """.split()
)

# Affixes that scammers glue to a brand (combo squatting). Stored lower-case ASCII;
# the index compares their skeletons.
KEYWORDS: frozenset[str] = frozenset(
    """
    support supports help helps helpdesk helpcenter helpline service services care cs kefu kf
    customer login logon signin signon verify verification verified secure security wallet
    wallets account accounts official offical team admin app apps web web3 dapp airdrop claim
    claims bonus reward rewards refund refunds recovery recover restore unlock unfreeze
    validate validation sync connect auth authenticate update upgrade kyc desk center centre
    online portal live chat hotline contact global pro exchange trade trading finance earn
    invest staking stake defi nft token tokens pay payment cn hk us uk asia vip agent agents
    fix fixes rescue assist assistance 2fa mfa safe safety protect guard migrate migration
    event events gift giveaway promo promos update updates check checker my new usa
    """.split()
)

# Keywords strong enough to combine with a common-word brand (ledger-support.com).
STRONG_KEYWORDS: frozenset[str] = frozenset(
    """
    support supports help helpdesk helpcenter helpline service care cs kefu kf customer login
    logon signin signon verify verification verified official offical recovery recover restore
    unlock unfreeze validate validation sync connect authenticate kyc desk hotline rescue
    assist assistance migrate migration airdrop claim refund live
    """.split()
)

# Things that may stand next to a brand inside one token (okxcom, wwwokx).
TLD_WORDS: frozenset[str] = frozenset(
    """
    www com net org io co cn app info xyz top vip us uk de fr it es nl au ca jp kr ru eu hk tw
    sg in br tr vn th id ph my
    """.split()
)

# Brands that are also ordinary words: no typosquat (ledger/hedger), combos only with a
# known affix word (ledger-support, us-ledger; not ledgerinsights). Chromium exempts
# common-word brands from target embedding; eth-phishing-detect #4388 removed ledger.com
# from its fuzzylist for this reason. The other-suffix rule stays on: ledger.report,
# ledger.buzz, ledger.com.de are in MetaMask's own blocklist.
COMMON_WORDS: frozenset[str] = frozenset(
    """
    ledger exodus phantom trust gate safe metal vault guard shield atomic zero edge
    """.split()
)
# Of which: so generic that only an exact look-alike under the official suffix counts.
VERY_GENERIC: frozenset[str] = frozenset(
    """
    crypto blockchain token tokens wallet coin coins pay bit one key keys exchange app web
    market bank finance money cash global pro help support secure safe trust chain defi
    swap trade trading mail home news info official service online live
    """.split()
)

# Telegram/X/WeChat labels that mean "the platform's own staff" in Chinese contexts.
CJK_KEYWORDS: tuple[str, ...] = ("客服", "官方", "售后", "热线", "人工", "专员", "经理", "中心")
