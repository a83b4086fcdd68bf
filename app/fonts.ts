// Inter variable font from @fontsource-variable/inter, served by Next from our own origin.
import localFont from "next/font/local";

export const inter = localFont({
  src: [
    { path: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2", weight: "100 900", style: "normal" },
  ],
  variable: "--font-inter",
  display: "swap",
  // the CJK system fonts come after Inter in --font-sans; no synthetic fallback metrics needed
  adjustFontFallback: false,
});
