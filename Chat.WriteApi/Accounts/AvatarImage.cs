using Chat.Domain.Users;
using SkiaSharp;

namespace Chat.WriteApi.Accounts;

/// <summary>
/// Turns an uploaded picture into the square JPEGs kept for a profile photo: turned upright as its EXIF orientation
/// says, cropped to its centre, scaled down (never up), on white where it was transparent. The server encodes them
/// itself, so nothing of the upload's own bytes is served: no EXIF (a phone photo's GPS position), no crafted file.
/// </summary>
public static class AvatarImage
{
    private const int JpegQuality = 85;

    /// <summary>The JPEGs of the picture that is the request's body (a profile or a group photo).</summary>
    public static async Task<IReadOnlyDictionary<int, byte[]>> FromUpload(HttpRequest request, CancellationToken ct) =>
        Render(await ReadUpload(request, ct));

    /// <summary>The body, counted while reading: past the limit it stops at once, whatever Content-Length said.</summary>
    private static async Task<byte[]> ReadUpload(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > Avatars.MaxUploadBytes) throw Avatars.TooLarge();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > Avatars.MaxUploadBytes) throw Avatars.TooLarge();
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) throw DomainError.Invalid("image", "The body must be the picture's bytes.");
        return buffer.ToArray();
    }

    /// <summary>The JPEG for each side of <see cref="Avatars"/>; a 400 naming <c>image</c> when it is no picture Skia reads.</summary>
    public static IReadOnlyDictionary<int, byte[]> Render(byte[] upload)
    {
        using var data = SKData.CreateCopy(upload);
        using var codec = SKCodec.Create(data) ?? throw NotAPicture();
        Avatars.CheckDimensions(codec.Info.Width, codec.Info.Height);
        using var decoded = SKBitmap.Decode(codec) ?? throw NotAPicture();
        using var upright = Upright(decoded, codec.EncodedOrigin);
        var side = Math.Min(upright.Width, upright.Height);
        var crop = SKRect.Create((upright.Width - side) / 2f, (upright.Height - side) / 2f, side, side);
        using var image = SKImage.FromBitmap(upright);
        return new[] { Avatars.LargeSide, Avatars.SmallSide }.ToDictionary(s => s, s => Jpeg(image, crop, Math.Min(s, side)));
    }

    private static DomainError NotAPicture() =>
        DomainError.Invalid("image", "The body must be a picture: JPEG, PNG, WebP, GIF or BMP.");

    private static byte[] Jpeg(SKImage image, SKRect crop, int side)
    {
        using var surface = SKSurface.Create(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(SKColors.White);
        surface.Canvas.DrawImage(image, crop, SKRect.Create(side, side), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        using var snapshot = surface.Snapshot();
        using var jpeg = snapshot.Encode(SKEncodedImageFormat.Jpeg, JpegQuality);
        return jpeg.ToArray();
    }

    // A camera stores the sensor's rows and says in EXIF how to turn them; each case maps a stored point (x, y) of the
    // w x h bitmap to where it shows (the canvas applies the last transform first).
    private static SKBitmap Upright(SKBitmap stored, SKEncodedOrigin origin)
    {
        var (w, h) = (stored.Width, stored.Height);
        var sideways = origin >= SKEncodedOrigin.LeftTop;
        var upright = new SKBitmap(sideways ? h : w, sideways ? w : h);
        using var canvas = new SKCanvas(upright);
        switch (origin)
        {
            case SKEncodedOrigin.TopRight: canvas.Translate(w, 0); canvas.Scale(-1, 1); break; // (w - x, y)
            case SKEncodedOrigin.BottomRight: canvas.Translate(w, h); canvas.RotateDegrees(180); break; // (w - x, h - y)
            case SKEncodedOrigin.BottomLeft: canvas.Translate(0, h); canvas.Scale(1, -1); break; // (x, h - y)
            case SKEncodedOrigin.LeftTop: canvas.Scale(-1, 1); canvas.RotateDegrees(90); break; // (y, x)
            case SKEncodedOrigin.RightTop: canvas.Translate(h, 0); canvas.RotateDegrees(90); break; // (h - y, x)
            case SKEncodedOrigin.RightBottom: canvas.Translate(h, w); canvas.Scale(-1, 1); canvas.RotateDegrees(-90); break; // (h - y, w - x)
            case SKEncodedOrigin.LeftBottom: canvas.Translate(0, w); canvas.RotateDegrees(-90); break; // (y, w - x)
        }
        canvas.DrawBitmap(stored, 0, 0);
        return upright;
    }
}
