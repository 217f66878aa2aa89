//! Shrinking pixels by a whole factor: each output pixel the average of a
//! block of `r`×`r` source pixels (the blocks at the right and bottom edges
//! may be smaller, so no source pixel is dropped). With alpha, colours are
//! averaged weighted by alpha, so a transparent pixel's colour does not
//! bleed into its opaque neighbours.

/// Interleaved 8-bit pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pixels {
    /// `width × height × channels` bytes, row by row.
    pub(crate) data: Vec<u8>,
    /// Width in pixels.
    pub(crate) width: u32,
    /// Height in pixels.
    pub(crate) height: u32,
    /// 1 (grey), 2 (grey, alpha), 3 (RGB) or 4 (RGBA).
    pub(crate) channels: usize,
}

/// `source` made `r` times smaller on each side (rounded up); a copy when
/// `r` is 1 or the data does not match the size.
pub(crate) fn reduce(source: &Pixels, r: u32) -> Pixels {
    let c = source.channels;
    let (w, h) = (source.width as usize, source.height as usize);
    if r < 2 || c == 0 || source.data.len() != w * h * c {
        return source.clone();
    }
    let r = r as usize;
    let (ow, oh) = (w.div_ceil(r), h.div_ceil(r));
    let alpha = c == 2 || c == 4;
    let mut out = vec![0u8; ow * oh * c];
    // Per output column of the current output row: channel sums (colours
    // weighted by alpha when there is alpha) and the pixel count.
    let mut sums = vec![0u64; ow * c];
    let mut counts = vec![0u64; ow];
    for oy in 0..oh {
        sums.iter_mut().for_each(|s| *s = 0);
        counts.iter_mut().for_each(|n| *n = 0);
        for y in oy * r..((oy + 1) * r).min(h) {
            let row = &source.data[y * w * c..(y + 1) * w * c];
            for (x, px) in row.chunks_exact(c).enumerate() {
                let ox = x / r;
                let s = &mut sums[ox * c..(ox + 1) * c];
                counts[ox] += 1;
                if alpha {
                    let a = u64::from(px[c - 1]);
                    for i in 0..c - 1 {
                        s[i] += u64::from(px[i]) * a;
                    }
                    s[c - 1] += a;
                } else {
                    for i in 0..c {
                        s[i] += u64::from(px[i]);
                    }
                }
            }
        }
        let out_row = &mut out[oy * ow * c..(oy + 1) * ow * c];
        for ox in 0..ow {
            let n = counts[ox].max(1);
            let s = &sums[ox * c..(ox + 1) * c];
            let o = &mut out_row[ox * c..(ox + 1) * c];
            if alpha {
                let a = s[c - 1];
                for i in 0..c - 1 {
                    o[i] = if a == 0 { 0 } else { round_div(s[i], a) };
                }
                o[c - 1] = round_div(a, n);
            } else {
                for i in 0..c {
                    o[i] = round_div(s[i], n);
                }
            }
        }
    }
    Pixels {
        data: out,
        width: ow as u32,
        height: oh as u32,
        channels: c,
    }
}

/// `a / b` rounded, as a byte (saturating).
fn round_div(a: u64, b: u64) -> u8 {
    u8::try_from((a + b / 2) / b.max(1)).unwrap_or(u8::MAX)
}

/// `source` turned as the EXIF `orientation` (1 to 8) says, the way a
/// viewer (and typst) shows it; as it is for 1 and any other value.
pub(crate) fn orient(source: Pixels, orientation: u32) -> Pixels {
    let c = source.channels;
    let (w, h) = (source.width as usize, source.height as usize);
    if !(2..=8).contains(&orientation) || c == 0 || source.data.len() != w * h * c {
        return source;
    }
    let quarter = orientation >= 5;
    let (ow, oh) = if quarter { (h, w) } else { (w, h) };
    // The source pixel shown at (x, y) of the turned picture.
    let from = |x: usize, y: usize| -> (usize, usize) {
        match orientation {
            2 => (w - 1 - x, y),
            3 => (w - 1 - x, h - 1 - y),
            4 => (x, h - 1 - y),
            5 => (y, x),
            6 => (y, h - 1 - x),
            7 => (w - 1 - y, h - 1 - x),
            _ => (w - 1 - y, x),
        }
    };
    let mut data = Vec::with_capacity(source.data.len());
    for y in 0..oh {
        for x in 0..ow {
            let (sx, sy) = from(x, y);
            let at = (sy * w + sx) * c;
            data.extend_from_slice(&source.data[at..at + c]);
        }
    }
    Pixels {
        data,
        width: ow as u32,
        height: oh as u32,
        channels: c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_averaged_and_edges_kept() {
        // 3×2 grey: the last column is an edge block of one pixel wide.
        let p = Pixels {
            data: vec![0, 100, 50, 200, 100, 150],
            width: 3,
            height: 2,
            channels: 1,
        };
        let out = reduce(&p, 2);
        assert_eq!((out.width, out.height), (2, 1));
        assert_eq!(out.data, vec![100, 100]);
    }

    #[test]
    fn transparent_pixels_do_not_darken_colours() {
        // A red opaque pixel beside a black transparent one.
        let p = Pixels {
            data: vec![255, 0, 0, 255, 0, 0, 0, 0],
            width: 2,
            height: 1,
            channels: 4,
        };
        assert_eq!(reduce(&p, 2).data, vec![255, 0, 0, 128]);
    }

    #[test]
    fn a_bad_size_or_factor_is_a_copy() {
        let p = Pixels {
            data: vec![1, 2, 3],
            width: 2,
            height: 2,
            channels: 1,
        };
        assert_eq!(reduce(&p, 2), p);
        let q = Pixels {
            data: vec![1, 2, 3, 4],
            width: 2,
            height: 2,
            channels: 1,
        };
        assert_eq!(reduce(&q, 1), q);
    }

    /// Each orientation turns a picture as the `image` crate's
    /// `apply_orientation` does (the turn typst gives the source).
    #[test]
    fn orientations_turn_as_the_image_crate_turns() {
        use image::metadata::Orientation;
        let (w, h) = (3u32, 2u32);
        let data: Vec<u8> = (0..(w * h) as u8)
            .flat_map(|i| [i, 100 + i, 200 - i])
            .collect();
        for o in 1..=8u8 {
            let mut oracle = image::DynamicImage::ImageRgb8(
                image::RgbImage::from_raw(w, h, data.clone()).unwrap(),
            );
            oracle.apply_orientation(Orientation::from_exif(o).unwrap());
            let turned = orient(
                Pixels {
                    data: data.clone(),
                    width: w,
                    height: h,
                    channels: 3,
                },
                u32::from(o),
            );
            assert_eq!(
                (turned.width, turned.height),
                (oracle.width(), oracle.height()),
                "orientation {o}"
            );
            assert_eq!(
                turned.data,
                oracle.into_rgb8().into_raw(),
                "orientation {o}"
            );
        }
        let same = Pixels {
            data: data.clone(),
            width: w,
            height: h,
            channels: 3,
        };
        assert_eq!(orient(same.clone(), 0), same);
        assert_eq!(orient(same.clone(), 9), same);
    }
}
