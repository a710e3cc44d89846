namespace Chat.Bench;

public static class Percentiles
{
    /// <summary>The nearest-rank percentile <paramref name="p"/> (0..1) of ascending values; 0 when there are none.</summary>
    public static double Of(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
