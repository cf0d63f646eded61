/**
 * The shape a transaction Bundle must have before it is read (`parseTransaction` then checks its
 * meaning): every element the facade reads is typed and every string bounded, so a value of the
 * wrong type or of absurd length is refused at the edge with its path named. Other FHIR elements
 * (meta, text, narrative …) are let through and ignored.
 */
import { z } from 'zod';

const text = (max: number) => z.string().max(max);
const uri = text(300);
const coding = z.looseObject({
  system: uri.optional(),
  code: text(100).optional(),
  display: text(300).optional(),
});
const codeable = z.looseObject({ coding: z.array(coding).max(20).optional(), text: text(500).optional() });
const reference = z.looseObject({ reference: text(300).optional(), display: text(300).optional() });
const period = z.looseObject({ start: text(40).optional(), end: text(40).optional() });
const quantity = z.looseObject({
  value: z.number().optional(),
  unit: text(50).optional(),
  system: uri.optional(),
  code: text(50).optional(),
});
const extension = z.looseObject({
  url: uri,
  valueInteger: z.number().int().optional(),
  valueDecimal: z.number().optional(),
  valueBoolean: z.boolean().optional(),
  valueCode: text(200).optional(),
  valueString: text(2000).optional(),
});
const humanName = z.looseObject({
  text: text(100).optional(),
  family: text(50).optional(),
  given: z.array(text(50)).max(5).optional(),
});
const identifier = z.looseObject({
  system: uri.optional(),
  value: text(64).optional(),
  type: codeable.optional(),
});

/** The elements of Patient, EpisodeOfCare, Encounter and Observation the facade reads. */
const resource = z.looseObject({
  resourceType: text(40),
  name: z.array(humanName).max(5).optional(),
  gender: z.enum(['male', 'female', 'other', 'unknown']).optional(),
  birthDate: text(10).optional(),
  identifier: z.array(identifier).max(10).optional(),
  telecom: z
    .array(z.looseObject({ system: text(20).optional(), value: text(64).optional() }))
    .max(10)
    .optional(),
  address: z
    .array(z.looseObject({ extension: z.array(extension).max(10).optional() }))
    .max(5)
    .optional(),
  status: text(40).optional(),
  class: coding.optional(),
  type: z.array(codeable).max(10).optional(),
  subject: reference.optional(),
  patient: reference.optional(),
  encounter: reference.optional(),
  managingOrganization: reference.optional(),
  serviceProvider: reference.optional(),
  period: period.optional(),
  extension: z.array(extension).max(50).optional(),
  code: codeable.optional(),
  component: z
    .array(z.looseObject({ code: codeable, valueQuantity: quantity.optional() }))
    .max(10)
    .optional(),
  valueQuantity: quantity.optional(),
  effectiveDateTime: text(40).optional(),
});

/** A transaction Bundle as the facade accepts it (at most 500 entries). */
export const transactionBundleSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  type: text(40),
  entry: z
    .array(
      z.looseObject({
        fullUrl: text(200).optional(),
        request: z.looseObject({ method: text(10), url: text(300), ifNoneExist: text(300).optional() }),
        resource: resource.optional(),
      })
    )
    .min(1)
    .max(500),
});
