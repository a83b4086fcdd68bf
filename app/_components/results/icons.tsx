// Small inline icons (no icon font or CDN): 20×20 outline paths in the current colour.
import type { ReactNode, SVGProps } from "react";

type IconProps = SVGProps<SVGSVGElement> & { className?: string };

function Icon({ children, className = "h-5 w-5", ...rest }: IconProps & { children: ReactNode }) {
  return (
    <svg viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" className={className} {...rest}>
      {children}
    </svg>
  );
}

export const CheckCircle = (p: IconProps) => (
  <Icon {...p}>
    <circle cx="10" cy="10" r="7.5" />
    <path d="M6.8 10.2l2.2 2.2 4.3-4.6" />
  </Icon>
);
export const XCircle = (p: IconProps) => (
  <Icon {...p}>
    <circle cx="10" cy="10" r="7.5" />
    <path d="M7.5 7.5l5 5M12.5 7.5l-5 5" />
  </Icon>
);
export const Lock = (p: IconProps) => (
  <Icon {...p}>
    <rect x="4.5" y="9" width="11" height="7.5" rx="1.5" />
    <path d="M7 9V6.8a3 3 0 016 0V9" />
  </Icon>
);
export const Warning = (p: IconProps) => (
  <Icon {...p}>
    <path d="M10 3.2l7.3 12.6H2.7L10 3.2z" />
    <path d="M10 8.3v3.4M10 14v.1" />
  </Icon>
);
export const Bulb = (p: IconProps) => (
  <Icon {...p}>
    <path d="M7.2 13.2c0-1.6-2-2.6-2-5.2a4.8 4.8 0 019.6 0c0 2.6-2 3.6-2 5.2" />
    <path d="M7.6 15.5h4.8M8.4 17.6h3.2" />
  </Icon>
);
export const Clock = (p: IconProps) => (
  <Icon {...p}>
    <circle cx="10" cy="10" r="7.5" />
    <path d="M10 6v4.2l2.6 1.6" />
  </Icon>
);
export const Play = (p: IconProps) => (
  <Icon {...p}>
    <path d="M6.5 4.8v10.4L15 10 6.5 4.8z" />
  </Icon>
);
export const Upload = (p: IconProps) => (
  <Icon {...p}>
    <path d="M10 13.5V4M6.2 7.6L10 3.8l3.8 3.8" />
    <path d="M4 12.5v2.2c0 .9.7 1.6 1.6 1.6h8.8c.9 0 1.6-.7 1.6-1.6v-2.2" />
  </Icon>
);
export const Reset = (p: IconProps) => (
  <Icon {...p}>
    <path d="M4 10a6 6 0 106-6 6.3 6.3 0 00-4.4 1.8L4 7.4" />
    <path d="M4 3.8v3.6h3.6" />
  </Icon>
);
export const Terminal = (p: IconProps) => (
  <Icon {...p}>
    <rect x="2.8" y="4" width="14.4" height="12" rx="1.8" />
    <path d="M6 8l2.2 2L6 12M10 12.2h3.5" />
  </Icon>
);
export const Book = (p: IconProps) => (
  <Icon {...p}>
    <path d="M10 5.4C8.4 4.2 6 3.8 3.5 4v11c2.5-.2 4.9.2 6.5 1.4 1.6-1.2 4-1.6 6.5-1.4V4c-2.5-.2-4.9.2-6.5 1.4z" />
    <path d="M10 5.4v11" />
  </Icon>
);
export const ChevronLeft = (p: IconProps) => (
  <Icon {...p}>
    <path d="M12 4.5L6.5 10l5.5 5.5" />
  </Icon>
);
export const ChevronRight = (p: IconProps) => (
  <Icon {...p}>
    <path d="M8 4.5l5.5 5.5L8 15.5" />
  </Icon>
);
export const ChevronDown = (p: IconProps) => (
  <Icon {...p}>
    <path d="M4.5 8l5.5 5.5L15.5 8" />
  </Icon>
);
export const Diff = (p: IconProps) => (
  <Icon {...p}>
    <path d="M6 3.5v8M2.8 7.5H9.2M3 15.5h6.2M14 4v12M11 13l3 3 3-3" />
  </Icon>
);
export const Eye = (p: IconProps) => (
  <Icon {...p}>
    <path d="M1.8 10S4.8 4.5 10 4.5 18.2 10 18.2 10 15.2 15.5 10 15.5 1.8 10 1.8 10z" />
    <circle cx="10" cy="10" r="2.4" />
  </Icon>
);
export const Calendar = (p: IconProps) => (
  <Icon {...p}>
    <rect x="3" y="4.5" width="14" height="12" rx="1.8" />
    <path d="M3 8.5h14M7 2.8v3.4M13 2.8v3.4" />
  </Icon>
);
export const Cloud = (p: IconProps) => (
  <Icon {...p}>
    <path d="M6 15.5h8.3a3.2 3.2 0 00.4-6.4A4.8 4.8 0 005.5 8a3.8 3.8 0 00.5 7.5z" />
  </Icon>
);
