"""The default questionnaire for a workshop (content, speakers, organisation, technical quality,
suggestions). Question texts are content, stored in Indonesian like everything organisers write."""

DEFAULT_QUESTIONS = (
    ("rating", "Bagaimana penilaian Anda terhadap materi lokakarya?", "", True),
    ("rating", "Bagaimana penilaian Anda terhadap narasumber?", "", True),
    ("rating", "Bagaimana penilaian Anda terhadap penyelenggaraan acara?", "", True),
    ("rating", "Bagaimana kualitas teknis (audio, video, koneksi)?", "", True),
    ("text", "Saran untuk lokakarya berikutnya", "", False),
)
