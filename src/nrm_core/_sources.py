"""The documents nrm_core's rules cite, keyed as in the project's domain brief.

Only sources that a rule in this package actually cites are listed. Citations
must point at the guidance itself, not at the brief.
"""

from __future__ import annotations

from nrm_core.citations import Citation, Confidence, Source

FR_GUIDE_2025 = Source(
    "S1",
    "Home Office, First responder guide for England and Wales",
    "2025 (as of January 2025)",
    "https://github.com/UKHomeOffice/modern-slavery/blob/7530a845/assets/documents/"
    "first-responder-guide-for-england-and-wales.pdf",
)
FR_TOOLKIT_2026 = Source(
    "S2",
    "Home Office, First Responder Toolkit for England and Wales",
    "April 2026, v1.0",
    "https://github.com/UKHomeOffice/modern-slavery/blob/54dfce7f/assets/documents/"
    "first-responder-toolkit-england-wales-v2-2026.pdf",
)
PILOT_GENERAL_GUIDANCE = Source(
    "S4",
    "Home Office, Devolving child decision making pilot programme: general guidance",
    "v6.0, November 2023",
    "https://www.gov.uk/government/publications/piloting-devolving-decision-making-for-child-"
    "victims-of-modern-slavery/devolving-child-decision-making-pilot-programme-general-guidance-"
    "accessible-version",
)
PILOT_LANDING_PAGE = Source(
    "S8",
    "gov.uk, Piloting devolving decision-making for child victims of modern slavery",
    "page history to 30 June 2023",
    "https://www.gov.uk/government/publications/piloting-devolving-decision-making-for-child-"
    "victims-of-modern-slavery",
)
YJLC_2023 = Source(
    "S13",
    "Youth Justice Legal Centre, NRM move towards local decision making",
    "early 2023",
    "https://yjlc.uk/resources/legal-updates/nrm-move-towards-local-decision-making",
)
YJLC_GUIDANCE_2023 = Source(
    "S14",
    "Youth Justice Legal Centre, Updated Modern Slavery Guidance Published by the Home Office",
    "2023",
    "https://yjlc.uk/resources/legal-updates/nationality-and-borders-act-2022-yet-another-"
    "setback-victims-modern-slavery",
)
WMS_2022 = Source(
    "S16",
    "Hansard, HC Written Ministerial Statement, Modern Slavery Statutory Guidance",
    "13 December 2022, vol. 724",
    "https://hansard.parliament.uk/commons/2022-12-13/debates/22121366000008/"
    "ModernSlaveryStatutoryGuidance",
)
FLEX_TIMELINE = Source(
    "S17",
    "FLEX, The National Referral Mechanism over time",
    "undated",
    "https://labourexploitation.org/latest-updates/nrm-timeline/",
)
ECPAT_2024 = Source(
    "S19",
    "ECPAT UK, news on the pilot evaluation",
    "22 May 2024",
    "https://www.ecpat.org.uk/News/evaluationnrmpilots",
)
MSA_2015 = Source(
    "S21",
    "Modern Slavery Act 2015",
    "as enacted",
    "https://www.legislation.gov.uk/ukpga/2015/30",
)
NABA_2022_COMMENCEMENT = Source(
    "S23",
    "SI 2023/33, Nationality and Borders Act 2022 (Commencement No. 4 and Transitional "
    "Provision) Regulations 2023",
    "made 12 January 2023",
    "http://www.legislation.gov.uk/uksi/2023/33/body/made",
)
RECONSIDERATION_ANNEX_2025 = Source(
    "S25",
    "Home Office, Annex: Reasons for accepting reconsideration requests",
    "published 8 May 2025",
    "https://www.gov.uk/government/statistics/modern-slavery-nrm-and-dtn-statistics-january-to-"
    "march-2025/annex-reasons-for-accepting-reconsideration-requests",
)
SOUTHWELL_2024 = Source(
    "S27",
    "Southwell & Partners, The SCA has changed its policy on reconsideration time limits",
    "22 March 2024",
    "https://southwellandpartners.com/2024/03/22/the-sca-has-changed-its-policy-on-"
    "reconsideration-time-limits/",
)
STATUTORY_GUIDANCE_HISTORY = Source(
    "S7",
    "gov.uk, Modern slavery: how to identify and support victims (update history)",
    "to 1 May 2025",
    "https://www.gov.uk/government/publications/modern-slavery-how-to-identify-and-support-victims",
)
MINISTER_EVIDENCE_2023 = Source(
    "S30",
    "Sarah Dines MP, supplementary written evidence HUM0120 to the Home Affairs Committee",
    "2023",
    "https://committees.parliament.uk/writtenevidence/124594/html/",
)
NABA_2022_S63 = Source(
    "S35",
    "Nationality and Borders Act 2022, s.63",
    "revised",
    "https://legislation.gov.uk/ukpga/2022/36/section/63",
)
FLRA_1969 = Source(
    "S53",
    "Family Law Reform Act 1969",
    "enacted",
    "http://www.legislation.gov.uk/ukpga/1969/46/body/enacted",
)
AGE_OF_MAJORITY_NI_1969 = Source(
    "S54",
    "Age of Majority Act (Northern Ireland) 1969, s.5",
    "enacted",
    "http://legislation.data.gov.uk/apni/1969/28/section/5",
)
POLLARD_2020 = Source(
    "S55",
    "David Pollard, Some oddities of the law on age (Trust Law International)",
    "2020",
    "https://www.wilberforce.co.uk/some-oddities-of-the-law-on-age-so-you-thought-you-reached-"
    "age-21-on-your-21st-birthday/",
)
AGE_OF_LEGAL_CAPACITY_SCOTLAND_1991 = Source(
    "S56",
    "Age of Legal Capacity (Scotland) Act 1991",
    "as in force 25 September 1991",
    "https://legislation.gov.uk/ukpga/1991/50/1991-09-25",
)
GOV_UK_BANK_HOLIDAYS = Source(
    "gov.uk",
    "gov.uk, UK bank holidays (bank-holidays.json)",
    "copy retrieved 2026-08-21, years 2012-2027",
    "https://www.gov.uk/bank-holidays.json",
)
BANKING_AND_FINANCIAL_DEALINGS_ACT_1971 = Source(
    "BFDA1971",
    "Banking and Financial Dealings Act 1971, Schedule 1 and royal proclamations",
    "as amended (St Andrew's Day Bank Holiday (Scotland) Act 2007)",
    "https://www.legislation.gov.uk/ukpga/1971/80/schedule/1",
)
ONS_CODE_HISTORY = Source(
    "ONS",
    "ONS Code History Database and mySociety UK local authority codes",
    "July 2024 / July 2025",
    "https://geoportal.statistics.gov.uk/",
)
NRM_LIBRARY = Source(
    "nrm_core",
    "nrm_core design convention (not a rule of the guidance)",
    "this version",
)


def cite(source: Source, section: str, confidence: Confidence, note: str | None = None) -> Citation:
    return Citation(source, section, confidence, note)


P = Confidence.VERIFIED
SECONDARY = Confidence.SECONDARY
U = Confidence.UNVERIFIED
