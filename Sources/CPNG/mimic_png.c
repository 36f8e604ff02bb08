#include "mimic_png.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

typedef struct {
    char *err;
    size_t err_len;
} error_sink;

static void on_error(png_structp png, png_const_charp message) {
    error_sink *sink = (error_sink *)png_get_error_ptr(png);
    if (sink && sink->err && sink->err_len > 0) {
        snprintf(sink->err, sink->err_len, "%s", message);
    }
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

static void set_error(char *err, size_t err_len, const char *message) {
    if (err && err_len > 0) snprintf(err, err_len, "%s", message);
}

// ---- encode ----

typedef struct {
    uint8_t *data;
    size_t len;
    size_t cap;
    int failed;
} grow_buffer;

static void write_to_buffer(png_structp png, png_bytep bytes, png_size_t n) {
    grow_buffer *buf = (grow_buffer *)png_get_io_ptr(png);
    if (buf->len + n > buf->cap) {
        size_t cap = buf->cap ? buf->cap : 65536;
        while (cap < buf->len + n) cap *= 2;
        uint8_t *grown = (uint8_t *)realloc(buf->data, cap);
        if (!grown) {
            buf->failed = 1;
            png_error(png, "out of memory while encoding PNG");
        }
        buf->data = grown;
        buf->cap = cap;
    }
    memcpy(buf->data + buf->len, bytes, n);
    buf->len += n;
}

static void flush_nothing(png_structp png) { (void)png; }

int mimic_png_encode_rgb(const uint8_t *rgb, uint32_t width, uint32_t height, int level,
                         int adaptive_filter, uint8_t **out, size_t *out_len,
                         char *err, size_t err_len) {
    error_sink sink = {err, err_len};
    grow_buffer buf = {NULL, 0, 0, 0};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &sink, on_error, on_warning);
    if (!png) {
        set_error(err, err_len, "png_create_write_struct failed");
        return -1;
    }
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        set_error(err, err_len, "png_create_info_struct failed");
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(buf.data);
        return -1;
    }
    png_set_write_fn(png, &buf, write_to_buffer, flush_nothing);
    png_set_compression_level(png, level);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, adaptive_filter ? PNG_ALL_FILTERS : PNG_FILTER_NONE);
    png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
    png_write_info(png, info);
    for (uint32_t y = 0; y < height; y++) {
        png_write_row(png, (png_const_bytep)(rgb + (size_t)y * width * 3));
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    *out = buf.data;
    *out_len = buf.len;
    return 0;
}

// ---- decode ----

typedef struct {
    const uint8_t *data;
    size_t len;
    size_t pos;
} read_cursor;

static void read_from_buffer(png_structp png, png_bytep bytes, png_size_t n) {
    read_cursor *cur = (read_cursor *)png_get_io_ptr(png);
    if (cur->pos + n > cur->len) {
        png_error(png, "file ends before the image data does (truncated PNG)");
    }
    memcpy(bytes, cur->data + cur->pos, n);
    cur->pos += n;
}

int mimic_png_decode_rgb(const uint8_t *data, size_t len, uint8_t **out,
                         uint32_t *width, uint32_t *height, char *err, size_t err_len) {
    if (len < 8 || png_sig_cmp((png_const_bytep)data, 0, 8) != 0) {
        set_error(err, err_len, "not a PNG file (bad signature)");
        return -1;
    }
    error_sink sink = {err, err_len};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &sink, on_error, on_warning);
    if (!png) {
        set_error(err, err_len, "png_create_read_struct failed");
        return -1;
    }
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        set_error(err, err_len, "png_create_info_struct failed");
        return -1;
    }
    uint8_t *volatile pixels = NULL;
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        free(pixels);
        return -1;
    }
    read_cursor cur = {data, len, 0};
    png_set_read_fn(png, &cur, read_from_buffer);
    png_read_info(png, info);

    png_uint_32 w = png_get_image_width(png, info);
    png_uint_32 h = png_get_image_height(png, info);
    int color = png_get_color_type(png, info);
    int depth = png_get_bit_depth(png, info);

    if (depth == 16) png_set_strip_16(png);
    if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (color == PNG_COLOR_TYPE_GRAY || color == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(png);
    if (color & PNG_COLOR_MASK_ALPHA) png_set_strip_alpha(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) {
        png_set_tRNS_to_alpha(png);
        png_set_strip_alpha(png);
    }
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != (size_t)w * 3) {
        png_error(png, "unsupported PNG pixel layout after conversion to RGB");
    }
    pixels = (uint8_t *)malloc((size_t)w * h * 3);
    if (!pixels) png_error(png, "out of memory while decoding PNG");
    for (int pass = 0; pass < passes; pass++) {
        for (png_uint_32 y = 0; y < h; y++) {
            png_read_row(png, pixels + (size_t)y * w * 3, NULL);
        }
    }
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    *out = pixels;
    *width = w;
    *height = h;
    return 0;
}

void mimic_png_free(void *p) { free(p); }

int mimic_zlib_inflate(const uint8_t *data, size_t len, uint8_t *out, size_t out_cap,
                       size_t *out_len, char *err, size_t err_len) {
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK) {
        set_error(err, err_len, "inflateInit failed");
        return -1;
    }
    // One byte more room than allowed, so that a stream longer than out_cap is caught.
    uint8_t spare;
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    z.next_out = out_cap > 0 ? out : &spare;
    z.avail_out = (uInt)(out_cap > 0 ? out_cap : 1);
    int status = inflate(&z, Z_FINISH);
    size_t produced = out_cap > 0 ? (size_t)z.total_out : 0;
    if (status == Z_BUF_ERROR && z.avail_out == 0 && out_cap > 0) {
        z.next_out = &spare;
        z.avail_out = 1;
        status = inflate(&z, Z_FINISH);
        if (z.avail_out == 0) {
            inflateEnd(&z);
            set_error(err, err_len, "the stream inflates to more bytes than expected");
            return -1;
        }
    }
    if (status != Z_STREAM_END) {
        snprintf(err, err_len, "inflate: %s (status %d) after %lu bytes in, %lu out",
                 z.msg ? z.msg : "stream incomplete", status, (unsigned long)z.total_in, (unsigned long)z.total_out);
        inflateEnd(&z);
        return -1;
    }
    if (z.avail_in != 0) {
        snprintf(err, err_len, "%u bytes after the end of the zlib stream", z.avail_in);
        inflateEnd(&z);
        return -1;
    }
    *out_len = produced;
    inflateEnd(&z);
    return 0;
}
