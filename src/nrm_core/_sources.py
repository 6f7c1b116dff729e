"""The documents nrm_core's rules cite, each with a short stable key.

Only sources that a rule in this package actually cites are listed. Citations
must point at the guidance itself, not at a summary of it.

Every citation made with :func:`cite` is recorded (:func:`cited`), so the
"Sources and confidence" page lists every rule's source, including the routing,
panel and import rules that are not in a table. A source that has been withdrawn
is marked once, in :data:`WITHDRAWN`, and shown on that page with every rule that
still rests on it, instead of in every message that cites it.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from types import MappingProxyType

from nrm_core.checks import Citation, Confidence, Source

FR_GUIDE_2025 = Source(
    "S1",
    title="Home Office, First responder guide for England and Wales",
    version="2025 (as of January 2025)",
    url="https://github.com/UKHomeOffice/modern-slavery/blob/7530a845/assets/documents/"
    "first-responder-guide-for-england-and-wales.pdf",
)
FR_TOOLKIT_2026 = Source(
    "S2",
    title="Home Office, First Responder Toolkit for England and Wales",
    version="April 2026, v1.0",
    url="https://github.com/UKHomeOffice/modern-slavery/blob/54dfce7f/assets/documents/"
    "first-responder-toolkit-england-wales-v2-2026.pdf",
)
HOME_OFFICE_FORM = Source(
    "S3",
    title="Home Office NRM online referral form (UKHomeOffice/modern-slavery)",
    version="commit 54dfce7f, 21 April 2026",
    url="https://github.com/UKHomeOffice/modern-slavery",
)
PILOT_ANNEX_2023 = Source(
    "S5",
    title="Home Office, Annex: analysis of the devolved decision-making pilot for child victims "
    "of modern slavery (NRM statistics, July to September 2023)",
    version="updated 3 November 2023",
    url="https://www.gov.uk/government/statistics/modern-slavery-national-referral-mechanism-and-"
    "duty-to-notify-statistics-uk-july-to-september-2023/annex-analysis-of-the-devolved-decision-"
    "making-pilot-for-child-victims-of-modern-slavery",
)
PILOT_ANNEX_2024 = Source(
    "S6",
    title="Home Office, Annex: Devolving child decision-making pilot programme statistics, "
    "October 2023 to September 2024",
    version="published 7 November 2024",
    url="https://www.gov.uk/government/statistics/modern-slavery-nrm-and-dtn-statistics-july-to-"
    "september-2024/annex-devolving-child-decision-making-pilot-programme-statistics-october-"
    "2023-to-september-2024",
)
PILOT_EXPANSION_2025 = Source(
    "S41",
    title="Home Office press release, Faster support for child exploitation victims in expanded "
    "pilot",
    version="3 September 2025 (as republished by WiredGov)",
    url="https://www.wired-gov.net/wg/news.nsf/articles/faster+support+for+child+exploitation+"
    "victims+in+expanded+pilot+03092025111000?open",
)
NRM_STATISTICS = Source(
    "S52",
    title="Home Office, Modern slavery: NRM and DtN statistics UK, quarter 4 2025",
    version="published 19 February 2026",
    url="https://www.gov.uk/government/statistics/modern-slavery-nrm-and-dtn-statistics-october-"
    "to-december-2025",
)
HTE_SCOTLAND_2015 = Source(
    "S57",
    title="Human Trafficking and Exploitation (Scotland) Act 2015",
    version="asp 12, as revised",
    url="https://www.legislation.gov.uk/asp/2015/12",
)
SSI_2018_90 = Source(
    "S58",
    title="SSI 2018/90, Human Trafficking and Exploitation (Scotland) Act 2015 (Support for "
    "Victims) Regulations 2018",
    version="made 2018, in force 1 April 2018",
    url="http://www.legislation.gov.uk/ssi/2018/90/made",
)
HTE_NI_2015 = Source(
    "S59",
    title="Human Trafficking and Exploitation (Criminal Justice and Support for Victims) Act "
    "(Northern Ireland) 2015",
    version="nia 2015/2, as revised (s.18 amended 2022)",
    url="https://www.legislation.gov.uk/nia/2015/2",
)
PILOT_DM_GUIDANCE_EW = Source(
    "S8-EW",
    title="Home Office, Decision-making guidance for pilot sites in England and Wales",
    version="updated 5 December 2023",
    url="https://www.gov.uk/government/publications/piloting-devolving-decision-making-for-"
    "child-victims-of-modern-slavery/decision-making-guidance-for-pilot-sites-in-england-and-"
    "wales-accessible-version",
)
FIND_A_GRANT_2025 = Source(
    "S32",
    title="Find a Grant, Piloting Devolved Decision Making for Child Victims of Modern Slavery",
    version="2025/26",
    url="https://find-government-grants.service.gov.uk/grants/piloting-devolved-decision-making-"
    "for-child-victims-of-modern-slavery-1",
)
NABA_2022_S64 = Source(
    "S24",
    title="Nationality and Borders Act 2022 s.64 (inserting Modern Slavery Act 2015 s.50A)",
    version="as enacted",
    url="https://legislation.gov.uk/ukpga/2022/36/section/64",
)
PILOT_GENERAL_GUIDANCE = Source(
    "S4",
    title="Home Office, Devolving child decision making pilot programme: general guidance",
    version="v6.0, November 2023",
    url="https://www.gov.uk/government/publications/piloting-devolving-decision-making-for-child-"
    "victims-of-modern-slavery/devolving-child-decision-making-pilot-programme-general-guidance-"
    "accessible-version",
)
PILOT_LANDING_PAGE = Source(
    "S8",
    title="gov.uk, Piloting devolving decision-making for child victims of modern slavery",
    version="page history to 30 June 2023",
    url="https://www.gov.uk/government/publications/piloting-devolving-decision-making-for-child-"
    "victims-of-modern-slavery",
)
YJLC_2023 = Source(
    "S13",
    title="Youth Justice Legal Centre, NRM move towards local decision making",
    version="early 2023",
    url="https://yjlc.uk/resources/legal-updates/nrm-move-towards-local-decision-making",
)
YJLC_GUIDANCE_2023 = Source(
    "S14",
    title="Youth Justice Legal Centre, Updated Modern Slavery Guidance Published by the "
    "Home Office",
    version="2023",
    url="https://yjlc.uk/resources/legal-updates/nationality-and-borders-act-2022-yet-another-"
    "setback-victims-modern-slavery",
)
WMS_2022 = Source(
    "S16",
    title="Hansard, HC Written Ministerial Statement, Modern Slavery Statutory Guidance",
    version="13 December 2022, vol. 724",
    url="https://hansard.parliament.uk/commons/2022-12-13/debates/22121366000008/"
    "ModernSlaveryStatutoryGuidance",
)
FLEX_TIMELINE = Source(
    "S17",
    title="FLEX, The National Referral Mechanism over time",
    version="undated",
    url="https://labourexploitation.org/latest-updates/nrm-timeline/",
)
ECPAT_2024 = Source(
    "S19",
    title="ECPAT UK, news on the pilot evaluation",
    version="22 May 2024",
    url="https://www.ecpat.org.uk/News/evaluationnrmpilots",
)
MSA_2015 = Source(
    "S21",
    title="Modern Slavery Act 2015",
    version="as enacted",
    url="https://www.legislation.gov.uk/ukpga/2015/30",
)
NABA_2022_COMMENCEMENT = Source(
    "S23",
    title="SI 2023/33, Nationality and Borders Act 2022 (Commencement No. 4 and Transitional "
    "Provision) Regulations 2023",
    version="made 12 January 2023",
    url="http://www.legislation.gov.uk/uksi/2023/33/body/made",
)
RECONSIDERATION_ANNEX_2025 = Source(
    "S25",
    title="Home Office, Annex: Reasons for accepting reconsideration requests",
    version="published 8 May 2025",
    url="https://www.gov.uk/government/statistics/modern-slavery-nrm-and-dtn-statistics-january-to-"
    "march-2025/annex-reasons-for-accepting-reconsideration-requests",
)
SOUTHWELL_2024 = Source(
    "S27",
    title="Southwell & Partners, The SCA has changed its policy on reconsideration time limits",
    version="22 March 2024",
    url="https://southwellandpartners.com/2024/03/22/the-sca-has-changed-its-policy-on-"
    "reconsideration-time-limits/",
)
STATUTORY_GUIDANCE_HISTORY = Source(
    "S7",
    title="gov.uk, Modern slavery: how to identify and support victims (update history)",
    version="to 1 May 2025",
    url="https://www.gov.uk/government/publications/modern-slavery-how-to-identify-and-support-victims",
)
MINISTER_EVIDENCE_2023 = Source(
    "S30",
    title="Sarah Dines MP, supplementary written evidence HUM0120 to the Home Affairs Committee",
    version="2023",
    url="https://committees.parliament.uk/writtenevidence/124594/html/",
)
NABA_2022_S63 = Source(
    "S35",
    title="Nationality and Borders Act 2022, s.63",
    version="revised",
    url="https://legislation.gov.uk/ukpga/2022/36/section/63",
)
FLRA_1969 = Source(
    "S53",
    title="Family Law Reform Act 1969",
    version="enacted",
    url="http://www.legislation.gov.uk/ukpga/1969/46/body/enacted",
)
AGE_OF_MAJORITY_NI_1969 = Source(
    "S54",
    title="Age of Majority Act (Northern Ireland) 1969, s.5",
    version="enacted",
    url="http://legislation.data.gov.uk/apni/1969/28/section/5",
)
POLLARD_2020 = Source(
    "S55",
    title="David Pollard, Some oddities of the law on age (Trust Law International)",
    version="2020",
    url="https://www.wilberforce.co.uk/some-oddities-of-the-law-on-age-so-you-thought-you-reached-"
    "age-21-on-your-21st-birthday/",
)
AGE_OF_LEGAL_CAPACITY_SCOTLAND_1991 = Source(
    "S56",
    title="Age of Legal Capacity (Scotland) Act 1991",
    version="as in force 25 September 1991",
    url="https://legislation.gov.uk/ukpga/1991/50/1991-09-25",
)
GOV_UK_BANK_HOLIDAYS = Source(
    "gov.uk",
    title="gov.uk, UK bank holidays (bank-holidays.json)",
    version="copy retrieved 2026-08-21, years 2012-2027",
    url="https://www.gov.uk/bank-holidays.json",
)
BANKING_AND_FINANCIAL_DEALINGS_ACT_1971 = Source(
    "BFDA1971",
    title="Banking and Financial Dealings Act 1971, Schedule 1 and royal proclamations",
    version="as amended (St Andrew's Day Bank Holiday (Scotland) Act 2007)",
    url="https://www.legislation.gov.uk/ukpga/1971/80/schedule/1",
)
ONS_CODE_HISTORY = Source(
    "ONS",
    title="ONS Code History Database and mySociety UK local authority codes",
    version="July 2024 / July 2025",
    url="https://geoportal.statistics.gov.uk/",
)
LOCAL_GOVERNMENT_ORDERS = Source(
    "LGO",
    title="Local government structural and boundary change orders, England (statutory instruments)",
    version="as made",
    url="https://www.legislation.gov.uk/uksi",
)
CHILDREN_ACT_2004 = Source(
    "CA2004",
    title="Children Act 2004",
    version="c.31, as revised",
    url="https://www.legislation.gov.uk/ukpga/2004/31",
)
LDEDCA_2009 = Source(
    "LDEDCA2009",
    title="Local Democracy, Economic Development and Construction Act 2009",
    version="c.20, as revised",
    url="https://www.legislation.gov.uk/ukpga/2009/20",
)
GLA_ACT_1999 = Source(
    "GLAA1999",
    title="Greater London Authority Act 1999",
    version="c.29, as revised",
    url="https://www.legislation.gov.uk/ukpga/1999/29",
)
LG_BOUNDARIES_NI_2008 = Source(
    "LGBNI2008",
    title="Local Government (Boundaries) Act (Northern Ireland) 2008, and the eleven councils "
    "that took office on 1 April 2015",
    version="nia 2008/7",
    url="https://www.legislation.gov.uk/nia/2008/7",
)
ILLEGAL_MIGRATION_ACT_2023 = Source(
    "IMA2023",
    title="Illegal Migration Act 2023, s.29 (disapplication of modern slavery provisions; amends "
    "Nationality and Borders Act 2022 s.63)",
    version="c.37, prospective: not commenced",
    url="https://www.legislation.gov.uk/ukpga/2023/37/crossheading/modern-slavery",
)
BSAIA_2025 = Source(
    "BSAIA2025",
    title="Border Security, Asylum and Immigration Act 2025 (repeals most of the Illegal "
    "Migration Act 2023 and keeps s.29), as reported",
    version="Royal Assent 2 December 2025; reports: Free Movement, December 2025; the "
    "Government's reply to the Joint Committee on Human Rights (2025)",
    url="https://freemovement.org.uk/?p=219895",
)
ABW_2025 = Source(
    "S38",
    title="R (ABW) v Secretary of State for the Home Department [2025] EWHC 3280 (Admin), as "
    "reported",
    version="judgment 17 December 2025; reports: ICLR summary, Free Movement and Leigh Day "
    "(January 2026); the judgment itself was not read",
    url="https://freemovement.org.uk/high-court-finds-the-home-secretarys-approach-to-making-"
    "public-order-disqualification-decisions-is-unlawful",
)
NRM_LIBRARY = Source(
    "nrm_core",
    title="nrm_core design convention (not a rule of the guidance)",
    version="this version",
)


WITHDRAWN: Mapping[str, str] = MappingProxyType(
    {
        FR_GUIDE_2025.key: "withdrawn: added to the referral form's repository on 24 April 2025 "
        "and removed five days later (29 April 2025); the First Responder Toolkit (April 2026) "
        "and the gov.uk guidance are the current texts",
    }
)
"""Sources that are no longer current, by key, with what replaced them. Shown once on the
"Sources and confidence" page, never in every message that cites the source."""

_CITED: dict[Citation, str] = {}


def cite(source: Source, section: str, confidence: Confidence, note: str | None = None) -> Citation:
    """A citation of ``source`` (recorded, with the module that made it, for the "Sources and
    confidence" page)."""
    citation = Citation(source, section=section, confidence=confidence, note=note)
    if citation not in _CITED and len(_CITED) < 10_000:  # a bound, should one be built per call
        _CITED[citation] = sys._getframe(1).f_globals.get("__name__", "?")
    return citation


def cited() -> tuple[tuple[Citation, str], ...]:
    """Every citation made with :func:`cite` so far, with the module that first made it, in
    the order first made."""
    return tuple(_CITED.items())


P = Confidence.VERIFIED
SECONDARY = Confidence.SECONDARY
U = Confidence.UNVERIFIED
