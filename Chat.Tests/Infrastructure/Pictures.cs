using SkiaSharp;

namespace Chat.Tests.Infrastructure;

/// <summary>Pictures for photo uploads: one colour, encoded as PNG.</summary>
public static class Pictures
{
    public static byte[] Png(SKColor color, int width = 300, int height = 200)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(color);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 90);
        return data.ToArray();
    }
}
