"""Report templates: how real units write up ransomware, phishing, BEC, botnet and darknet work.

Slots in braces are filled per record (see `liaison.demo.records`); `obs` lists the
observables a report of this kind carries as (kind, comment), kinds as in
`liaison.demo.records.KINDS`.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison.demo.data_records import CASE, FINANCIAL, PERSONAL, TECH, Family, Profile
from liaison.vocab import DataCategory, Offence

ACCESS_, INTERCEPT, DATA, SYSTEM, DEVICES, FORGERY, FRAUD = (
    Offence.ILLEGAL_ACCESS, Offence.ILLEGAL_INTERCEPTION, Offence.DATA_INTERFERENCE,
    Offence.SYSTEM_INTERFERENCE, Offence.MISUSE_OF_DEVICES, Offence.COMPUTER_RELATED_FORGERY,
    Offence.COMPUTER_RELATED_FRAUD)


@dataclass(frozen=True)
class Template:
    family: Family
    profile: Profile
    title: str
    summary: str
    offences: tuple[Offence, ...]
    obs: tuple[tuple[str, str], ...]
    categories: frozenset[DataCategory] | None = None  # None: the profile's


def _t(family: Family, profile: Profile, title: str, summary: str, offences: tuple[Offence, ...],
       obs: tuple[tuple[str, str], ...], *categories: DataCategory) -> Template:
    return Template(family, profile, title, summary, offences, obs,
                    frozenset(categories) if categories else None)


R, P, B, N, D = Family.RANSOMWARE, Family.PHISHING, Family.BEC, Family.BOTNET, Family.DARKNET
ADV, IND, OPS, PER, FIN, PRO = (Profile.ADVISORY, Profile.INDICATORS, Profile.OPERATIONAL,
                                Profile.PERSONAL, Profile.FINANCIAL, Profile.PROSECUTION)

TEMPLATES: tuple[Template, ...] = (
    # --- ransomware ----------------------------------------------------------------------
    _t(R, OPS, "{campaign} intrusion at {a_sector} company in {city}: forensic findings",
       "Incident response at {a_sector} company in {city}, {country}: {n} servers and the "
       "virtualisation cluster encrypted by {campaign}. Initial access through {access}; the "
       "intruders stayed about {days} days, moved laterally with {tool} and staged about {gb} GB "
       "for exfiltration before encrypting. The ransom note links to the {campaign} negotiation "
       "portal. Encryptor and note hashes, C2 addresses and the wallet named in the note are "
       "attached; disk images are held and available on request.",
       (ACCESS_, DATA, SYSTEM),
       (("ip", "C2 server"), ("ip", "exfiltration server"), ("sha256", "encryptor"),
        ("file", "ransom note"), ("onion", "negotiation portal"), ("btc", "ransom wallet"))),
    _t(R, IND, "{campaign} encryptor for VMware ESXi: new build seen in {country}",
       "Reverse engineering of a {campaign} build for ESXi hypervisors recovered from a victim "
       "in {country}. The sample stops running virtual machines before encrypting their disks, "
       "skips files under 1 MB and appends a random five-letter extension. Hard-coded "
       "infrastructure and hashes are attached; detection rules went to the CSIRT community.",
       (DATA, SYSTEM, DEVICES),
       (("sha256", "ESXi encryptor"), ("sha256", "Windows encryptor"), ("md5", "loader"),
        ("ip", "hard-coded C2"), ("domain", "fallback C2"), ("file", "sample file name"))),
    _t(R, ADV, "Advisory: {campaign} affiliates exploiting {access} ({sector} sector)",
       "{campaign} affiliates keep getting in through {access}. At least {n} organisations in "
       "{country} were compromised this way in the last {days} days, most of them in the "
       "{sector} sector. Patch or isolate exposed systems, reset every credential used on them "
       "and search logs for the listed indicators. Shared for prevention: pass it on to "
       "potential victims.",
       (ACCESS_, DATA),
       (("ip", "scanning source"), ("ip", "scanning source"), ("domain", "payload host"),
        ("sha256", "web shell"))),
    _t(R, FIN, "{campaign} ransom paid by {a_sector} victim traced to exchange deposits",
       "Tracing of a ransom of {btc} BTC paid by {a_sector} victim in {city}. The funds moved "
       "through a peel chain of {hops} hops and a mixing service before reaching deposit "
       "addresses at two exchanges; about {percent}% is still unspent. Wallets and the "
       "transaction path are attached; a freezing request is being prepared.",
       (DATA, SYSTEM),
       (("btc", "ransom wallet"), ("btc", "peel chain"), ("btc", "exchange deposit address"),
        ("eth", "swap destination"))),
    _t(R, PER, "{campaign} affiliate behind intrusions in {city}: identity leads",
       "OPSEC failures tie the affiliate behind at least {n} {campaign} intrusions to a forum "
       "account and a Jabber address in use for years. The same e-mail address rented the VPS "
       "used as exfiltration target; subscriber data point to a person living in "
       "{abroad}. Request mutual legal assistance before any overt step.",
       (ACCESS_, DATA, SYSTEM),
       (("handle", "forum account"), ("handle", "Jabber account"), ("email", "VPS registration"),
        ("ip", "exfiltration VPS"), ("btc", "affiliate payout wallet"))),
    _t(R, OPS, "{campaign} leak site: {n} new victims posted, including {city}",
       "Monitoring of the {campaign} data-leak site: {n} new victims posted, among them "
       "{a_sector} organisation in {city} and {n2} organisations in {abroad}. Countdown timers "
       "suggest publication within {days} days. Victims are being notified; the leak site and "
       "its mirrors are attached.",
       (DATA, SYSTEM),
       (("onion", "leak site"), ("onion", "leak site mirror"), ("onion_url", "victim page"))),
    _t(R, IND, "{campaign} exfiltration with {tool} to rented storage",
       "In {n} recent {campaign} incidents the data was packed with 7-Zip and pushed with "
       "{tool} to rented storage. The storage endpoints, configuration file hashes and the "
       "accounts used are listed. Blocking the endpoints interrupts exfiltration in progress.",
       (ACCESS_, DATA),
       (("domain", "storage endpoint"), ("ip", "storage endpoint"), ("sha256", "config file"),
        ("email", "storage account"), ("file", "tool configuration"))),
    _t(R, PRO, "{campaign}: evidence package for preservation and disclosure requests",
       "Evidence linking {n} servers at hosting providers abroad to {campaign}, prepared for "
       "preservation requests (ETS 185 Art. 29) and the follow-up requests for mutual legal "
       "assistance. Includes the chain of custody for the disk images seized in {city} and "
       "the statements of {n2} victim companies.",
       (ACCESS_, DATA, SYSTEM),
       (("ip", "server to preserve"), ("ip", "server to preserve"), ("ip", "server to preserve"),
        ("sha256", "disk image"), ("onion", "negotiation portal"))),
    _t(R, OPS, "Access broker selling {sector} network access later used by {campaign}",
       "A broker on a Russian-language forum advertised VPN and RDP access to {n} {sector} "
       "companies, priced by revenue band; at least two of the accesses were later used by "
       "{campaign}. The companies concerned are being notified. The broker's handle, the "
       "access servers and a Tox identifier are attached.",
       (ACCESS_, DEVICES),
       (("handle", "broker"), ("handle", "broker Tox ID"), ("ip", "access server"),
        ("ip", "access server"))),
    _t(R, OPS, "{campaign} negotiation with {a_sector} victim in {city}",
       "Negotiation chat between {a_sector} victim in {city} and the {campaign} operators. "
       "Initial demand {amount} {cur}, lowered by {percent}% once the victim showed it had "
       "backups; the operators then threatened a DDoS on the victim's website. Transcript "
       "excerpts, the portal address and the wallet offered for payment are attached.",
       (DATA, SYSTEM),
       (("onion", "negotiation portal"), ("onion_url", "chat"), ("btc", "payment wallet"))),
    # --- phishing ------------------------------------------------------------------------
    _t(P, ADV, "Smishing wave in {country}: fake {lure} messages",
       "Since the start of the month {big} people in {country} reported text messages about a "
       "{lure} with a link to a payment page. The pages harvest card data and one-time codes "
       "and move to new domains every few hours. A public warning is out; domains, landing "
       "URLs and the sender number are attached for blocking.",
       (FRAUD, FORGERY),
       (("domain", "landing page"), ("domain", "landing page"), ("domain", "landing page"),
        ("url", "payment page"), ("url", "payment page"), ("phone", "SMS sender"))),
    _t(P, IND, "{campaign} adversary-in-the-middle pages against {bank} customers",
       "The {campaign} kit proxies the real online-banking login of {bank} customers and steals "
       "session cookies, defeating SMS one-time codes. {n} live domains found through "
       "certificate transparency, hosted on a small bulletproof cluster. Indicators attached; "
       "banks in {country} informed.",
       (FRAUD, INTERCEPT, FORGERY),
       (("domain", "phishing domain"), ("domain", "phishing domain"), ("domain", "phishing domain"),
        ("ip", "proxy server"), ("ip", "proxy server"), ("url", "login page"))),
    _t(P, OPS, "{campaign} operator panel recovered from a server seized in {city}",
       "A server seized in {city} held the administration panel of a {campaign} reseller with "
       "{big} stolen credential sets and {n} active campaigns. The panel logs show operator "
       "logins from VPN exits and a Telegram bot delivering results. The database extract is "
       "analysed; victims will be notified through the national CERTs.",
       (FRAUD, FORGERY, ACCESS_),
       (("ip", "seized server"), ("domain", "panel domain"), ("handle", "results bot"),
        ("sha256", "panel archive"), ("email", "results drop"))),
    _t(P, PER, "{campaign} kit developer selling subscriptions on Telegram",
       "The developer of the {campaign} kit sells monthly subscriptions through a Telegram "
       "channel of about {big} members and takes payment in USDT and bitcoin. Handle reuse "
       "links the developer to an old carding-forum account and an e-mail address; "
       "registration data point to {abroad}. Identification requests are in preparation.",
       (DEVICES, FRAUD),
       (("handle", "sales channel"), ("handle", "old forum account"), ("email", "registration"),
        ("btc", "subscription payments"), ("eth", "USDT payments")),
       TECH, PERSONAL, FINANCIAL, CASE),
    _t(P, FIN, "Mule accounts receiving {campaign} proceeds in {country}",
       "Card-not-present fraud against {campaign} victims was cashed out through {n} accounts "
       "at online banks, opened with stolen identities or by recruited mules. About {amount} "
       "{cur} passed through them in {days} days. Account list attached for freezing and "
       "recall; the banks were asked to preserve their records.",
       (FRAUD,),
       (("iban", "mule account"), ("iban", "mule account"), ("iban", "mule account"),
        ("phone", "mule recruiter"))),
    _t(P, ADV, "Advisory: QR-code phishing letters aimed at {sector} companies",
       "Letters and PDF attachments with QR codes lead to a fake single-sign-on page; the "
       "targets are mostly accounts staff in the {sector} sector in {country}. The QR codes "
       "get past e-mail link scanning. Indicators attached; share freely with potential "
       "victims.",
       (FRAUD, FORGERY),
       (("domain", "fake SSO"), ("domain", "redirector"), ("url", "fake SSO page"),
        ("sha256", "PDF attachment"), ("file", "attachment name"))),
    _t(P, IND, "Bulletproof hosting cluster serving {campaign} landing pages",
       "{n} addresses in two autonomous systems host more than {big} {campaign} landing pages; "
       "abuse complaints go unanswered and the provider advertises 'ignored' abuse handling. "
       "Addresses, name servers and the reseller's contact are listed for blocking and for "
       "requests to upstream providers.",
       (FRAUD, DEVICES),
       (("ip", "hosting"), ("ip", "hosting"), ("ip", "hosting"), ("asn", "hosting network"),
        ("domain", "name server"), ("email", "reseller contact"))),
    _t(P, OPS, "Victim reports aggregated: {campaign} credential theft in {country}",
       "{big} complaints filed in {country} over {days} days share the same landing "
       "infrastructure and the same follow-up calls from fake bank staff. Reported losses "
       "total {amount} {cur}. Complaint references and the common indicators are attached; "
       "the pattern matches the {campaign} kit.",
       (FRAUD, FORGERY),
       (("domain", "landing page"), ("domain", "landing page"), ("phone", "caller"),
        ("phone", "caller"), ("url", "landing page"))),
    _t(P, PER, "Call centre in {abroad} behind {campaign} follow-up calls",
       "Victims of {campaign} phishing get a call from 'bank security' minutes after entering "
       "their data. Call records point to a call centre in {abroad} working {n} SIM cards and "
       "VoIP numbers; two callers are identified by voice and handle.",
       (FRAUD,),
       (("phone", "caller"), ("phone", "caller"), ("phone", "VoIP number"),
        ("handle", "caller"))),
    _t(P, IND, "Takedown list: {n} {campaign} domains registered in bulk",
       "{n} domains registered within {days} days through the same reseller and name servers, "
       "following the {campaign} naming pattern. Most are parked until used; blocking them "
       "now pre-empts the next wave. Abuse reports went to the registrars.",
       (FRAUD, FORGERY),
       (("domain", "parked"), ("domain", "parked"), ("domain", "parked"), ("domain", "active"),
        ("email", "registrant"), ("ip", "parking server"))),
    # --- business e-mail compromise --------------------------------------------------------
    _t(B, FIN, "Invoice redirection against {a_sector} company in {city}: {amount} {cur}",
       "{A_sector} company in {city} paid {amount} {cur} into a new account after a mail "
       "thread with its supplier was hijacked from a look-alike of {company}'s domain. The "
       "receiving account was opened {days} days earlier and emptied within hours into {n} "
       "further accounts. Recall requested; accounts and domains attached.",
       (FRAUD, FORGERY, ACCESS_),
       (("lookalike", "look-alike domain"), ("email", "fraudulent sender"),
        ("iban", "receiving account"), ("iban", "second-level account"), ("ip", "mailbox login"))),
    _t(B, IND, "Look-alike domains impersonating {sector} suppliers ({campaign})",
       "{n} domains typo-squatting suppliers in the {sector} sector, registered with the same "
       "privacy service and mail host as earlier {campaign} cases, among them a look-alike of "
       "{company}. Several are used in ongoing invoice threads. Block at mail gateways.",
       (FRAUD, FORGERY),
       (("lookalike", "look-alike domain"), ("lookalike", "look-alike domain"),
        ("email", "sender"), ("email", "sender"), ("ip", "mail host"))),
    _t(B, OPS, "CEO fraud with a synthetic voice: {city} subsidiary of {a_sector} group",
       "The finance director of a subsidiary in {city} got a call imitating the group CEO's "
       "voice, then e-mails from a spoofed address ordering a confidential acquisition payment "
       "of {amount} {cur}. The bank stopped the payment. The calling number, sender addresses "
       "and the intended beneficiary account are attached.",
       (FRAUD, FORGERY),
       (("phone", "caller"), ("email", "spoofed sender"), ("email", "reply-to"),
        ("iban", "beneficiary account")),
       TECH, FINANCIAL, CASE),
    _t(B, FIN, "Mule network: {n} accounts receiving {campaign} proceeds",
       "Analysis of {n2} reported BEC payments shows a layered mule network: first-level "
       "accounts at online banks in {abroad} forward the funds within a day to second-level "
       "accounts and a crypto off-ramp. About {amount} {cur} moved in {days} days. Accounts "
       "attached for freezing.",
       (FRAUD,),
       (("iban", "first-level mule"), ("iban", "first-level mule"), ("iban", "second-level mule"),
        ("iban", "second-level mule"), ("btc", "off-ramp wallet"))),
    _t(B, PER, "Suspected {campaign} money-laundering organiser in {city}",
       "Financial analysis and informant reporting point to an organiser in {city} who "
       "recruits mules on social media and controls at least {n} accounts. Phone numbers, "
       "handles and accounts linked to the person are attached. Covert phase: do not contact "
       "banks or platforms before consultation.",
       (FRAUD,),
       (("phone", "organiser"), ("phone", "organiser"), ("handle", "recruitment account"),
        ("iban", "controlled account"), ("email", "organiser")),
       TECH, PERSONAL, FINANCIAL, CASE),
    _t(B, FIN, "Funds frozen in {abroad} after BEC against {a_sector} company in {city}",
       "Following a complaint by {a_sector} company in {city}, the receiving bank in {abroad} "
       "froze {percent}% of the transfer. A formal freezing order is needed within {days} days "
       "to keep the funds blocked. Account data and the fraudulent instruction attached.",
       (FRAUD, FORGERY),
       (("iban", "receiving account"), ("iban", "victim's genuine supplier account"),
        ("email", "fraudulent sender"), ("lookalike", "look-alike domain"))),
    _t(B, IND, "Mailbox takeover: forwarding rules and OAuth apps used by {campaign}",
       "In {n} compromised mailboxes the {campaign} crew created hidden rules forwarding mail "
       "about invoices, payments or bank details to outside addresses, and registered a rogue "
       "OAuth application for lasting access. Login sources and forwarding addresses attached.",
       (ACCESS_, INTERCEPT, FRAUD),
       (("ip", "login source"), ("ip", "login source"), ("ip6", "login source"),
        ("email", "forwarding target"), ("email", "forwarding target"))),
    _t(B, ADV, "Advisory: payroll diversion e-mails to {sector} HR departments",
       "HR departments in the {sector} sector receive requests, apparently from employees, to "
       "change the salary account before the monthly run. The senders use free-mail or "
       "look-alike domains; the new accounts belong to mules. Confirm any change by phone on "
       "a known number. Indicators attached; share freely.",
       (FRAUD, FORGERY),
       (("lookalike", "look-alike domain"), ("domain", "sender domain"), ("email", "sender"),
        ("email", "sender"))),
    _t(B, FIN, "Crypto off-ramp used by {campaign} launderers",
       "BEC proceeds were turned into USDT at {n} over-the-counter brokers and sent to a small "
       "set of wallets, then on to exchange deposit addresses. Wallet clusters and the "
       "brokers' payment accounts are attached; exchanges in the partnership were asked to "
       "screen.",
       (FRAUD,),
       (("eth", "USDT wallet"), ("eth", "USDT wallet"), ("btc", "deposit address"),
        ("iban", "broker account"))),
    _t(B, PRO, "{campaign}: evidence summary for an extradition request to {abroad}",
       "Evidence against {n} suspects of the {campaign} network for the extradition requested "
       "from {abroad}: statements of {n2} victim companies, bank records of the mule accounts, "
       "e-mail headers and device extractions. Dual criminality is met under ETS 185 Art. 7 "
       "and 8.",
       (FRAUD, FORGERY),
       (("email", "suspect account"), ("iban", "mule account"), ("iban", "mule account"),
        ("phone", "suspect")),
       TECH, PERSONAL, FINANCIAL, CASE),
    # --- botnets -------------------------------------------------------------------------
    _t(N, IND, "{campaign} command-and-control: {n} active servers",
       "Tracking of {campaign} C2: {n} servers active this week, rotated every {days} days "
       "across cheap VPS providers; bots fetch their configuration over HTTPS with a "
       "hard-coded user agent. Addresses, domains and configuration hashes attached for "
       "blocking and sinkholing.",
       (ACCESS_, SYSTEM, DEVICES),
       (("ip", "C2"), ("ip", "C2"), ("ip", "C2"), ("domain", "C2"), ("domain", "C2"),
        ("sha256", "bot configuration"))),
    _t(N, ADV, "{campaign} sinkhole data: {big} infected devices in {country}",
       "A sinkholed {campaign} domain received connections from {big} addresses in {country} "
       "in {days} days, mostly {device}. Network operators got per-network lists. Advice for "
       "owners: reset to factory settings, change default passwords, update the firmware.",
       (ACCESS_, SYSTEM),
       (("domain", "sinkholed C2"), ("domain", "sinkholed C2"), ("sha256", "bot binary"))),
    _t(N, OPS, "DDoS-for-hire storefront powered by {campaign}",
       "A booter service sells attacks from {campaign} bots by subscription; customers include "
       "gamers and extortionists hitting {sector} websites in {country}. The storefront, its "
       "payment addresses and the attack API are documented; {n} attacks traced to it in "
       "{days} days.",
       (SYSTEM, DEVICES),
       (("domain", "storefront"), ("url", "attack API"), ("btc", "payments"),
        ("ip", "attack API server"))),
    _t(N, PER, "{campaign} botmaster: handle linked to panel logins",
       "Panel logs from a seized {campaign} server show logins from a residential address in "
       "{abroad} on {n} occasions when the VPN dropped. The operator's handle and Jabber "
       "account match a seller of 'installs' on a forum. Subscriber request pending.",
       (ACCESS_, SYSTEM, DEVICES),
       (("ip", "residential login"), ("handle", "operator"), ("handle", "operator Jabber"),
        ("email", "panel account"))),
    _t(N, IND, "{campaign} loader spread by {lure}-themed malspam in {country}",
       "A malspam wave in {country} delivered the {campaign} loader in {lure}-themed "
       "attachments; the loader fetches second stages including ransomware precursors. {n} "
       "sender domains and the payload hashes are attached.",
       (ACCESS_, DATA, DEVICES),
       (("sha256", "loader"), ("sha256", "second stage"), ("md5", "attachment"),
        ("domain", "sender domain"), ("domain", "payload host"), ("url", "payload"),
        ("file", "attachment name"))),
    _t(N, OPS, "Action day preparation: {campaign} infrastructure in {abroad}",
       "Planning for a coordinated action against {campaign}: {n} servers to seize or image in "
       "{abroad} and {n2} other countries, sinkholing of the fallback domains and searches at "
       "{n2} addresses. Participants are asked to confirm legal readiness within {days} days.",
       (ACCESS_, SYSTEM, DEVICES),
       (("ip", "server to seize"), ("ip", "server to seize"), ("ip", "server to seize"),
        ("domain", "fallback domain"), ("domain", "fallback domain"))),
    _t(N, ADV, "Advisory: {campaign} brute-forcing default passwords on {device}",
       "{campaign} spreads by brute-forcing Telnet and SSH on {device} with a short list of "
       "factory passwords, then closes the ports to keep rival botnets out. Change default "
       "passwords and disable remote administration from the internet. Scanner addresses "
       "attached; share freely.",
       (ACCESS_, SYSTEM, DEVICES),
       (("ip", "scanner"), ("ip", "scanner"), ("ip", "scanner"), ("sha256", "bot binary"))),
    _t(N, FIN, "Payments for {campaign} booter subscriptions",
       "Subscription payments to the {campaign} booter flow through {n} wallets and a "
       "payment-processor account; about {amount} {cur} received in {days} days. Wallets "
       "attached for screening by the exchanges in the partnership.",
       (SYSTEM, DEVICES),
       (("btc", "subscription wallet"), ("btc", "subscription wallet"), ("eth", "sweep wallet"),
        ("iban", "payment processor account"))),
    _t(N, IND, "Residential proxies resold from {campaign} infections",
       "Infected {device} are enrolled as residential proxies and resold by the gigabyte; "
       "fraudsters use them to make account takeovers look local. The reseller's gateways and "
       "API domain are attached; their traffic to banks in {country} rose sharply over {days} "
       "days.",
       (ACCESS_, DEVICES),
       (("ip", "proxy gateway"), ("ip", "proxy gateway"), ("domain", "reseller API"),
        ("url", "reseller API"))),
    # --- darknet markets -----------------------------------------------------------------
    _t(D, PER, "{campaign} vendor shipping to {country} identified through parcel data",
       "A {campaign} vendor selling counterfeit documents and stolen identities ships to "
       "customers in {country}. Parcel data, the PGP key and a reused e-mail address link the "
       "vendor account to a person in {abroad}. Vendor handle, wallets and contact data "
       "attached; covert phase.",
       (FORGERY, DEVICES),
       (("handle", "vendor"), ("handle", "vendor on a second market"), ("email", "reused"),
        ("btc", "vendor withdrawals")),
       TECH, PERSONAL, FINANCIAL, CASE),
    _t(D, FIN, "{campaign} escrow wallets and withdrawal pattern",
       "Clustering of {campaign} escrow: deposits to {n} hot wallets are swept daily to a cold "
       "wallet; vendor withdrawals go through a swap service into Monero. About {btc} BTC "
       "passed through escrow in {days} days. Wallets attached for exchange screening.",
       (DEVICES, FRAUD),
       (("btc", "hot wallet"), ("btc", "hot wallet"), ("btc", "cold wallet"),
        ("eth", "swap service"))),
    _t(D, IND, "{campaign} mirror list: {n} new onion addresses",
       "The {campaign} administrators published {n} new mirrors after a DDoS on the market, "
       "signed with the market's PGP key. Phishing clones of the market circulate alongside; "
       "only the signed addresses are listed here, with the clearnet link sites.",
       (DEVICES,),
       (("onion", "market mirror"), ("onion", "market mirror"), ("onion", "market mirror"),
        ("domain", "link site"), ("url", "link site"))),
    _t(D, OPS, "{campaign} back-end server exposed in {abroad}",
       "A misconfigured status page of {campaign} exposed the address behind the onion "
       "service; the server sits with a hosting provider in {abroad}. Certificate and SSH key "
       "fingerprints confirm it. A preservation request follows; do not contact the provider.",
       (DEVICES, FRAUD),
       (("ip", "back-end server"), ("onion", "market"), ("sha256", "TLS certificate"),
        ("sha1", "SSH host key"), ("asn", "hosting network"))),
    _t(D, FIN, "Card data sold on {campaign} matched to {n} issuing banks in {country}",
       "A batch of {big} card records sold on {campaign} was matched to {n} issuing banks in "
       "{country}; most cards were skimmed from {n2} online shops. The banks were asked to "
       "reissue. The seller's handle, wallets and the skimmer's exfiltration domains attached.",
       (FRAUD, INTERCEPT, DEVICES),
       (("domain", "skimmer exfiltration"), ("domain", "skimmer exfiltration"),
        ("btc", "seller wallet"), ("handle", "seller"))),
    _t(D, IND, "{campaign} forum recruiting money mules in {country}",
       "Threads on the {campaign} forum recruit money mules in {country} and sell ready-made "
       "'drop' accounts at online banks. Contact handles and the accounts on offer are "
       "attached; banks and the exchange partner were asked to screen.",
       (FRAUD, DEVICES),
       (("handle", "recruiter"), ("handle", "recruiter"), ("iban", "drop account"),
        ("iban", "drop account"), ("onion", "forum")),
       TECH, FINANCIAL),
    _t(D, PRO, "{campaign} takedown: request to seize servers in {abroad}",
       "Draft request for the seizure of {n} {campaign} servers in {abroad} and the arrest of "
       "two administrators; evidence includes the back-end address, the escrow analysis and "
       "undercover purchases in {city}. Timing must be agreed with the prosecution services "
       "concerned.",
       (DEVICES, FRAUD),
       (("ip", "server to seize"), ("ip", "server to seize"), ("onion", "market"),
        ("btc", "escrow cold wallet"))),
    _t(D, ADV, "{campaign} exit scam: withdrawals halted",
       "{campaign} stopped vendor withdrawals {days} days ago and its administrators went "
       "silent: the pattern of an exit scam. Expect vendors to move to rival markets and "
       "phishing clones to multiply; addresses of known clones attached for blocking.",
       (FRAUD,),
       (("onion", "phishing clone"), ("onion", "phishing clone"), ("domain", "clone link site"))),
)
