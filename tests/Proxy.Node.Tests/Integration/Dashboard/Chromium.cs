using Microsoft.Playwright;

namespace Proxy.Node.Tests.Integration.Dashboard;

/// <summary>
/// Debian's chromium driven by Playwright (its own browser download cannot run on a closed network),
/// with the flags that keep it from calling home, and a fresh profile per launch.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>In CI the browser tests must run: a missing chromium there is a failure, never a skip.</summary>
    public static bool Required =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? Problem =>
        File.Exists(ExecutablePath) ? null : $"{ExecutablePath} is missing (ops/test-env/install.sh installs it)";

    /// <summary>Where the screenshots go: TestResults/dashboard under the test output directory.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "dashboard");

    public static async Task<(IPlaywright Playwright, IBrowserContext Context)> LaunchAsync()
    {
        if (Problem is { } problem)
        {
            Assert.Fail($"chromium is required (CI=true) but {problem}");
        }

        var profile = Directory.CreateTempSubdirectory("proxy-chromium-").FullName;
        var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        try
        {
            var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                ],
                ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            }).ConfigureAwait(false);
            return (playwright, context);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public static Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        return page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }
}

/// <summary>A test that needs chromium: skipped without it, except under CI=true, where it runs and fails.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!Chromium.Required && Chromium.Problem is { } problem)
        {
            Skip = $"{problem} (set CI=true to make this a failure)";
        }
    }
}
