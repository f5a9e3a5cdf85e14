"""A person's subject-access export under PIPL (查阅、复制): everything the centre holds
about them, as JSON and as a PDF summary."""
