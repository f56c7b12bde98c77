"""Agreement at its level of measurement: code use (binary), polarity (nominal), judgement (interval)."""

MESSAGES = {
    "agreement.level.binary": {
        "da": "Brug af koder · binær (brugt/ikke brugt), nominal · alle koder og sager samlet",
        "en": "Use of codes · binary (used/not used), nominal · all codes and cases pooled",
    },
    "agreement.level.polarity": {
        "da": "Polaritet (Signs of Safety) · nominal, tre værdier · fund med samme kode i samme sag",
        "en": "Polarity (Signs of Safety) · nominal, three values · findings with the same code on the same case",
    },
    "agreement.level.judgement": {
        "da": "Vurdering 0–10 · interval · fund med samme kode i samme sag",
        "en": "Judgement 0–10 · interval · findings with the same code on the same case",
    },
    "agreement.alpha_polarity": {"da": "Alfa, polaritet", "en": "Alpha, polarity"},
    "agreement.alpha_judgement": {"da": "Alfa, vurdering 0–10", "en": "Alpha, judgement 0–10"},
    "agreement.alpha_use": {"da": "Alfa, brug af koden (binær)", "en": "Alpha, use of the code (binary)"},
    "agreement.alpha_polarity_col": {"da": "Alfa, polaritet (nominal)", "en": "Alpha, polarity (nominal)"},
    "agreement.alpha_judgement_col": {"da": "Alfa, vurdering (interval)", "en": "Alpha, judgement (interval)"},
    "agreement.value_units": {
        "da": "{count:# sammenligning|# sammenligninger} (kode i sag med mindst to gennemgåeres svar)",
        "en": "{count:# comparison|# comparisons} (a code on a case with answers from at least two reviewers)",
    },
    "agreement.value_help": {
        "da": "Blandt gennemgåere, der har brugt samme kode i samme sag: gav de fundet samme polaritet (nominal: "
              "ens eller ej) og samme vurdering (interval: jo længere fra hinanden på skalaen, jo mere uenige)? "
              "Har én gennemgåer flere fund med koden i sagen, tæller den polaritet, de oftest gav, og "
              "gennemsnittet af deres vurderinger.",
        "en": "Among reviewers who used the same code on the same case: did they give the finding the same polarity "
              "(nominal: the same or not) and the same judgement (interval: the further apart on the scale, the "
              "more disagreement)? A reviewer with several findings with the code on the case counts with the "
              "polarity they gave most often and the mean of their judgements.",
    },
}
