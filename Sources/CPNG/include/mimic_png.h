// A small C layer over libpng: libpng reports errors by longjmp, which Swift cannot catch,
// so the setjmp lives here and every failure comes back as a return code and a message.
#ifndef MIMIC_PNG_H
#define MIMIC_PNG_H

#include <stddef.h>
#include <stdint.h>

/// Encodes 8-bit RGB pixels (rows of width*3 bytes, top to bottom) as a PNG in memory.
/// level: zlib level 0-9. adaptive_filter: 0 = filter NONE (fast), 1 = libpng's adaptive choice.
/// On success returns 0 and sets *out (free with mimic_png_free) and *out_len.
/// On failure returns -1 and writes a message into err.
int mimic_png_encode_rgb(const uint8_t *rgb, uint32_t width, uint32_t height, int level,
                         int adaptive_filter, uint8_t **out, size_t *out_len,
                         char *err, size_t err_len);

/// Decodes any PNG into 8-bit RGB (palette, gray, alpha and 16-bit are converted).
/// On success returns 0 and sets *out (free with mimic_png_free), *width and *height.
int mimic_png_decode_rgb(const uint8_t *data, size_t len, uint8_t **out,
                         uint32_t *width, uint32_t *height, char *err, size_t err_len);

void mimic_png_free(void *p);

/// Inflates one whole zlib stream with zlib, strictly: returns 0 only when the stream ends exactly
/// at data + len, its Adler-32 is right, and it inflates to at most out_cap bytes (*out_len set).
/// Otherwise returns -1 with a message in err. (The check of Mimic's own deflate encoder.)
int mimic_zlib_inflate(const uint8_t *data, size_t len, uint8_t *out, size_t out_cap,
                       size_t *out_len, char *err, size_t err_len);

#endif
