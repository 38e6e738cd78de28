/* data.S: the generated name tables (data/name_*.tsv, data/nicknames-*.csv;
** data/SOURCE.md) and the Korean and Japanese readings of Han characters
** (unihan.tsv, made in the build directory from Debian's Unihan by
** tools/gen_unihan.sh) built into the library, so that zeef needs no data
** files at run time. Each table ends with a NUL byte. */
	.section .rodata
	.balign 16
	.globl zeef__data_freq
zeef__data_freq:
	.incbin "data/name_freq.tsv"
	.byte 0
	.balign 16
	.globl zeef__data_freq_ranked
zeef__data_freq_ranked:
	.incbin "data/name_freq_ranked.tsv"
	.byte 0
	.balign 16
	.globl zeef__data_variants
zeef__data_variants:
	.incbin "data/name_variants.tsv"
	.byte 0
	.balign 16
	.globl zeef__data_nicks_odu
zeef__data_nicks_odu:
	.incbin "data/nicknames-odu.csv"
	.byte 0
	.balign 16
	.globl zeef__data_nicks_more
zeef__data_nicks_more:
	.incbin "data/nicknames-more.csv"
	.byte 0
	.balign 16
	.globl zeef__data_unihan
zeef__data_unihan:
	.incbin "unihan.tsv"
	.byte 0
	.section .note.GNU-stack,"",@progbits
