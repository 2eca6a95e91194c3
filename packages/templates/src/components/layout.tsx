import { Body, Container, Head, Heading, Html, Preview, Section, Text } from '@react-email/components';
import type { ReactNode } from 'react';
import type { Locale } from '../types';
import { Lines } from './blocks';
import { colors, font, nowrap } from './styles';

export interface SignatureProps {
  signOff: string;
  name: string;
  organisation?: string;
  lines: string[];
}

export interface LayoutProps {
  lang: Locale;
  preview: string;
  /** Who speaks: the creditor's name for client emails, "Relance" for alerts. */
  brand: string;
  heading: string;
  greeting: string;
  paragraphs: string[];
  children?: ReactNode;
  /** Paragraphs after the blocks (questions, contact). */
  closing?: string[];
  signature: SignatureProps;
  footer: string[];
}

/** The frame every email shares: brand bar, heading, copy, blocks, signature, legal footer. */
export function EmailLayout(props: LayoutProps) {
  return (
    <Html lang={props.lang}>
      <Head />
      <Preview>{props.preview}</Preview>
      <Body style={{ backgroundColor: colors.page, fontFamily: font, margin: 0, padding: '24px 0' }}>
        <Container
          style={{
            maxWidth: '600px',
            backgroundColor: '#ffffff',
            borderRadius: '8px',
            border: `1px solid ${colors.border}`,
          }}
        >
          <Section style={{ padding: '20px 32px', borderBottom: `3px solid ${colors.accent}` }}>
            <Text style={{ margin: 0, fontSize: '18px', fontWeight: 700, color: colors.accent }}>
              {props.brand}
            </Text>
          </Section>
          <Section style={{ padding: '8px 32px 24px' }}>
            <Heading
              as="h1"
              style={{ fontSize: '22px', lineHeight: '30px', color: colors.ink, margin: '20px 0 16px' }}
            >
              {props.heading}
            </Heading>
            <Text style={paragraph}>{props.greeting}</Text>
            {props.paragraphs.filter(Boolean).map((p, i) => (
              <Text key={i} style={paragraph}>
                <Unbroken text={p} />
              </Text>
            ))}
            {props.children}
            {(props.closing ?? []).filter(Boolean).map((p, i) => (
              <Text key={i} style={paragraph}>
                <Unbroken text={p} />
              </Text>
            ))}
            <Signature {...props.signature} />
          </Section>
        </Container>
        <Section style={{ maxWidth: '600px', padding: '12px 32px' }}>
          {props.footer.filter(Boolean).map((line, i) => (
            <Text
              key={i}
              style={{
                fontSize: '12px',
                lineHeight: '18px',
                color: colors.muted,
                margin: '0 0 4px',
                textAlign: 'center',
              }}
            >
              {line}
            </Text>
          ))}
        </Section>
      </Body>
    </Html>
  );
}

function Signature(props: SignatureProps) {
  return (
    <Section style={{ marginTop: '24px' }}>
      <Text style={{ ...paragraph, margin: '0 0 8px' }}>{props.signOff}</Text>
      <Text style={{ ...paragraph, margin: 0, fontWeight: 700 }}>{props.name}</Text>
      {props.organisation && props.organisation !== props.name ? (
        <Text style={{ ...paragraph, margin: 0 }}>{props.organisation}</Text>
      ) : null}
      {props.lines.some(Boolean) ? (
        <Text style={{ fontSize: '14px', lineHeight: '20px', color: colors.muted, margin: 0 }}>
          <Lines lines={props.lines.filter(Boolean)} />
        </Text>
      ) : null}
    </Section>
  );
}

// Amounts ("1 252,78 €", "€1,252.78", "12,15 %") and hyphenated references ("F-2026-0042") must not
// wrap mid-way on narrow screens.
const UNBREAKABLE =
  /((?:[€£$]\d[\d,.]*)|(?:\d{1,3}(?: \d{3})*(?:[,.]\d+)? ?[€£$%])|(?:[\p{L}\d]+(?:-[\p{L}\d]+)+))/u;

function Unbroken({ text }: { text: string }) {
  return text.split(UNBREAKABLE).map((part, i) =>
    i % 2 === 1 ? (
      <span key={i} style={nowrap}>
        {part}
      </span>
    ) : (
      part
    ),
  );
}

const paragraph = { fontSize: '15px', lineHeight: '24px', color: colors.ink, margin: '0 0 14px' };
