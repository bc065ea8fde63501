"""The intake fixture corpus: one small builder per fixture, each writing a spreadsheet the way a
Caribbean ministry would (banners, titles, notes, four languages, every format the open
libraries can write) and returning the observations it holds.

`generate_corpus(raw)` writes every fixture under `raw/<country folder>/<file>` (folders by ISO3
code and by name in the four languages) and returns the fixtures with their truth and the cells
that must land in quarantine (labels that are no indicator, grand totals, totals over years)."""

from __future__ import annotations

from pathlib import Path

from .dutch import (
    abw_flattened_header,
    abw_ods_formulas,
    cuw_long_csv_cp1252,
    cuw_unknown_sex,
    sur_dutch_labels,
    sur_ods_two_row_unmerged,
    sur_transposed_ods,
    sxm_year_column,
)
from .english import (
    aia_offset_table,
    atg_values_and_formulas,
    bhs_blocks_repeated_header,
    blz_dims_in_labels,
    brb_fuzzy_typos,
    cym_vertical_merge_blocks,
    dma_transposed_two_row,
    grd_mapping_overrides,
    guy_headerless_list,
    guy_of_which,
    jam_grand_total_after_blocks,
    jam_long_template,
    kna_totals_rows_and_columns,
    lca_csv_year_in_filename,
    lca_hidden_and_chart,
    msr_mapping_layout,
    tca_noise_and_ambiguity,
    tto_parallel_breakdowns,
    tto_title_several_years,
    tto_two_row_header,
    vct_tab_utf16,
)
from .fixtures import Fixture
from .french import (
    hti_long_csv,
    hti_sheet_name_year,
    hti_txt_cp1252,
    hti_wide_sex_title_year,
)
from .spanish import (
    cub_csv_bom_transposed,
    cub_date_in_file_name,
    cub_sheet_per_year,
    dom_caps_h_m_csv,
    dom_otros_column,
    dom_several_sheet_kinds,
    dom_wide_years_banner,
    dom_xls_total_column,
)

BUILDERS = [
    jam_long_template,
    tto_two_row_header,
    bhs_blocks_repeated_header,
    guy_of_which,
    blz_dims_in_labels,
    lca_csv_year_in_filename,
    kna_totals_rows_and_columns,
    atg_values_and_formulas,
    vct_tab_utf16,
    grd_mapping_overrides,
    msr_mapping_layout,
    tca_noise_and_ambiguity,
    brb_fuzzy_typos,
    dma_transposed_two_row,
    aia_offset_table,
    cym_vertical_merge_blocks,
    jam_grand_total_after_blocks,
    lca_hidden_and_chart,
    tto_parallel_breakdowns,
    guy_headerless_list,
    dom_wide_years_banner,
    cub_sheet_per_year,
    dom_several_sheet_kinds,
    cub_csv_bom_transposed,
    dom_xls_total_column,
    dom_caps_h_m_csv,
    hti_wide_sex_title_year,
    hti_sheet_name_year,
    hti_txt_cp1252,
    hti_long_csv,
    sur_transposed_ods,
    cuw_long_csv_cp1252,
    abw_ods_formulas,
    sxm_year_column,
    sur_dutch_labels,
    abw_flattened_header,
    cuw_unknown_sex,
    sur_ods_two_row_unmerged,
    dom_otros_column,
    cub_date_in_file_name,
    tto_title_several_years,
]


def generate_corpus(raw: Path) -> list[Fixture]:
    """Write every fixture under `raw` and return them with their truth."""
    raw = Path(raw)
    raw.mkdir(parents=True, exist_ok=True)
    return [build(raw) for build in BUILDERS]


__all__ = ["generate_corpus", "BUILDERS"]
