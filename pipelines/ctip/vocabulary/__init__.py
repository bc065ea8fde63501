"""The words of the schema, ready to match: text normalisation, labels → indicator and dimension
codes (four languages and synonyms from `schemas/dimensions.yaml`), law references and partner
country names. Loaders of `schemas/` only: every stage above (intake's layouts, harmonise) asks
here what a label means, so no stage keeps its own word list."""
